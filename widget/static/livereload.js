// Preview only: `widget preview` adds this to the pages it serves; builds never contain it.
(function () {
  "use strict";
  var BANNER_ID = "widget-preview-error";
  var events = new EventSource("/__widget/events");

  events.addEventListener("reload", function () {
    window.location.reload();
  });

  // The server's own "error" event carries the message; the browser's connection
  // errors share the name but carry no data, and EventSource retries those itself.
  events.addEventListener("error", function (event) {
    if (typeof event.data !== "string") {
      return;
    }
    showError(event.data.split("\n"));
  });

  function showError(lines) {
    var old = document.getElementById(BANNER_ID);
    if (old) {
      old.remove();
    }
    var banner = document.createElement("div");
    banner.id = BANNER_ID;
    banner.setAttribute("role", "alert");
    banner.style.cssText =
      "position:sticky;top:0;z-index:2147483647;margin:0;padding:1em;" +
      "background:#fff0f0;color:#6b0000;border:3px solid #b00020;font:1rem/1.4 system-ui,sans-serif";
    var title = document.createElement("strong");
    title.textContent = "widget preview: the last rebuild failed; showing the previous build.";
    banner.appendChild(title);
    var list = document.createElement("ul");
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    banner.appendChild(list);
    document.body.insertBefore(banner, document.body.firstChild);
  }
})();
