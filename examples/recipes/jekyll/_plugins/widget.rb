# Liquid tags for widget-feeds. A tag's output is not parsed again, so post text
# such as {{ 7 | times: 7 }} or {% raw %} reaches the page as text.
#   {% widget_head %}                               stylesheets (with integrity) + script
#   {% widget nyheder https://x.com/you %}          one feed's fragment, or the fallback link
require "json"
require "cgi"

module WidgetFeeds
  OUTPUT = "widget" # `output` in widget.toml, relative to the site source

  def self.manifest(site)
    JSON.parse(File.read(File.join(site.source, OUTPUT, "manifest.json")))
  rescue Errno::ENOENT, JSON::ParserError
    nil # `widget build` has not run: pages get the fallback link
  end

  class HeadTag < Liquid::Tag
    def render(context)
      manifest = WidgetFeeds.manifest(context.registers[:site])
      return "" unless manifest

      sheets = manifest["feeds"].values.map { |feed| feed["stylesheet"] }.uniq { |s| s["href"] }
      links = sheets.map do |sheet|
        %(<link rel="stylesheet" href="#{CGI.escapeHTML(sheet["href"])}" ) +
          %(integrity="#{CGI.escapeHTML(sheet["integrity"])}" data-widget-asset>)
      end
      script = %(<script src="#{CGI.escapeHTML(manifest["base_url"])}widget.js" defer data-widget-asset></script>)
      (links + [script]).join("\n")
    end
  end

  class FeedTag < Liquid::Tag
    def initialize(tag_name, markup, tokens)
      super
      @feed, @fallback = markup.split
    end

    def render(context)
      site = context.registers[:site]
      entry = (WidgetFeeds.manifest(site) || {}).dig("feeds", @feed)
      if entry.nil?
        Jekyll.logger.warn("widget:", "no built feed #{@feed.inspect} (run widget build first)")
        return %(<p class="widget-fallback"><a href="#{CGI.escapeHTML(@fallback.to_s)}">Se vores opslag på X</a></p>)
      end
      File.read(File.join(site.source, OUTPUT, File.basename(entry["html"])), encoding: "utf-8")
    end
  end
end

Liquid::Template.register_tag("widget_head", WidgetFeeds::HeadTag)
Liquid::Template.register_tag("widget", WidgetFeeds::FeedTag)
