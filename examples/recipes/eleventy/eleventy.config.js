// Eleventy recipe: widget fragments inserted as they are, never run through a
// template engine (post text such as {{ 7 | times: 7 }} or {% raw %} stays text).
const fs = require("node:fs");
const path = require("node:path");

const WIDGET_OUTPUT = "widget-build"; // `output` in widget.toml
const MANIFEST = path.join(WIDGET_OUTPUT, "manifest.json");

function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
  } catch {
    return null; // `widget build` has not run: pages get the fallback link instead
  }
}

const escapeAttr = (text) => String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;")
  .replace(/</g, "&lt;");

module.exports = function (eleventyConfig) {
  // The built widget is served at /widget/, by `eleventy` and `eleventy --serve` alike.
  eleventyConfig.addPassthroughCopy({ [WIDGET_OUTPUT]: "widget" });
  eleventyConfig.addWatchTarget(`./${WIDGET_OUTPUT}/`);

  // {% widgetHead %}: the stylesheet of every feed, with its integrity, and the script.
  eleventyConfig.addShortcode("widgetHead", function () {
    const manifest = readManifest();
    if (!manifest) return "";
    const sheets = new Map();
    for (const feed of Object.values(manifest.feeds)) {
      sheets.set(feed.stylesheet.href, feed.stylesheet.integrity);
    }
    const links = [...sheets].map(([href, integrity]) =>
      `<link rel="stylesheet" href="${escapeAttr(href)}" integrity="${escapeAttr(integrity)}" data-widget-asset>`);
    links.push(`<script src="${escapeAttr(manifest.base_url)}widget.js" defer data-widget-asset></script>`);
    return links.join("\n");
  });

  // {% widget "nyheder", "https://x.com/you" %}: the feed's fragment, byte for byte.
  // A shortcode's result is output as it is; it is not parsed as a template again.
  eleventyConfig.addShortcode("widget", function (feed, fallback) {
    const entry = readManifest()?.feeds?.[feed];
    if (!entry) {
      console.warn(`[widget] no built feed "${feed}" (run widget build first); fallback link shown`);
      return `<p class="widget-fallback"><a href="${escapeAttr(fallback)}">Se vores opslag på X</a></p>`;
    }
    return fs.readFileSync(path.join(WIDGET_OUTPUT, path.basename(entry.html)), "utf8");
  });

  return { dir: { input: "src", output: "_site" } };
};
