/* Optional enhancement for the feed widget. The widget is complete without it.
 * 1. time[data-widget-time]: adds a relative phrase once, on load; the absolute
 *    date stays in title and datetime. Nothing updates by itself afterwards.
 * 2. div[data-widget-src]: loads a same-origin feed fragment and keeps only its
 *    first section.wdg, with scripts and inline handlers removed.
 * Works under CSP script-src 'self': no eval, no inline code, no timers. */
(function () {
  "use strict";

  // [limit in seconds, seconds per unit, unit]; past the last limit the date stays absolute.
  // Counts are always numeric ("for 1 dag siden"): "i går" or "last week" from elapsed
  // hours can name the wrong calendar day or week.
  var STEPS = [
    [60, 1, "second"],
    [3600, 60, "minute"],
    [86400, 3600, "hour"],
    [604800, 86400, "day"],
    [2592000, 604800, "week"]
  ];
  var DROP = "script,style,link,meta,base,iframe,frame,frameset,object,embed,template,noscript";
  var URL_ATTRS = /^(href|src|srcset|action|formaction|poster|xlink:href)$/i;

  function relativeTimes(root) {
    if (!window.Intl || typeof Intl.RelativeTimeFormat !== "function") return;
    var now = Date.now();
    var formats = {};
    root.querySelectorAll("time[data-widget-time][datetime]").forEach(function (el) {
      var then = Date.parse(el.getAttribute("datetime"));
      if (isNaN(then)) return;
      var seconds = (then - now) / 1000;
      var step = STEPS.find(function (s) { return Math.abs(seconds) < s[0]; });
      if (!step) return;
      var host = el.closest("[lang]");
      var lang = (host && host.getAttribute("lang")) || "";
      var format = formats[lang];
      if (!format) {
        try {
          format = new Intl.RelativeTimeFormat(lang || undefined, { numeric: "always" });
        } catch (e) {
          format = new Intl.RelativeTimeFormat(undefined, { numeric: "always" });
        }
        formats[lang] = format;
      }
      if (!el.hasAttribute("title")) el.setAttribute("title", el.textContent.trim());
      // -0 reads "0 seconds ago"; a post a moment "in the future" (clock skew) is now too.
      var count = Math.trunc(seconds / step[1]);
      el.textContent = format.format(count < 0 ? count : -0, step[2]);
    });
  }

  // The fragment is our own output; this is a second line of defence, not a sanitiser.
  function clean(section) {
    section.querySelectorAll(DROP).forEach(function (el) { el.remove(); });
    [section].concat(Array.from(section.querySelectorAll("*"))).forEach(function (el) {
      Array.from(el.attributes).forEach(function (attr) {
        var name = attr.name.toLowerCase();
        var value = attr.value.replace(/[\s\u0000-\u001f]+/g, "").toLowerCase();
        if (name.indexOf("on") === 0 || name === "style" || name === "srcdoc" ||
            (URL_ATTRS.test(name) && /^(javascript|vbscript|data):/.test(value))) {
          el.removeAttribute(attr.name);
        }
      });
    });
  }

  function load(div) {
    function fail() { div.setAttribute("data-widget-state", "error"); }
    var url;
    try {
      url = new URL(div.getAttribute("data-widget-src"), location.href);
    } catch (e) {
      return fail();
    }
    if (url.origin !== location.origin || !/^https?:$/.test(url.protocol)) return fail();
    fetch(url.href, { credentials: "same-origin", mode: "same-origin" })
      .then(function (response) {
        // Read even an error body, so the request completes instead of hanging open.
        return response.text().then(function (text) {
          if (!response.ok) throw new Error(String(response.status));
          return text;
        });
      })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var section = doc.querySelector("section.wdg");
        if (!section) throw new Error("no section.wdg");
        clean(section);
        section = document.adoptNode(section);
        while (div.firstChild) div.removeChild(div.firstChild);
        div.appendChild(section);
        relativeTimes(section);
        div.setAttribute("data-widget-state", "loaded");
      })
      .catch(fail);
  }

  function run() {
    relativeTimes(document);
    document.querySelectorAll("div[data-widget-src]").forEach(load);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
