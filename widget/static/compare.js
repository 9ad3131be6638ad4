// Preview only: the comparison page's switches. The frame changes; the page stays, and
// its address keeps the choice (#<variant>@<width>) so a live reload shows it again.
(function () {
  "use strict";
  var frame = document.getElementById("compare-frame");
  var links = Array.prototype.slice.call(document.querySelectorAll("a[data-variant]"));
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button[data-width]"));
  if (!frame || links.length === 0) {
    return;
  }
  var chosen = { link: links[0], width: buttons.length ? buttons[buttons.length - 1].dataset.width : "1200" };

  function show(link, width) {
    chosen = { link: link, width: width };
    links.forEach(function (other) {
      if (other === link) {
        other.setAttribute("aria-current", "true");
      } else {
        other.removeAttribute("aria-current");
      }
    });
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.width === width));
    });
    frame.width = width;
    var href = link.getAttribute("href");
    if (frame.getAttribute("src") !== href) {
      frame.setAttribute("src", href);
    }
    history.replaceState(null, "", "#" + link.dataset.variant + "@" + width);
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      show(link, chosen.width);
    });
  });
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      show(chosen.link, button.dataset.width);
    });
  });

  var saved = /^#(v[0-9]+)@([0-9]+)$/.exec(window.location.hash);
  if (saved) {
    var link = links.filter(function (l) { return l.dataset.variant === saved[1]; })[0];
    var known = buttons.some(function (b) { return b.dataset.width === saved[2]; });
    show(link || links[0], known ? saved[2] : chosen.width);
  }
})();
