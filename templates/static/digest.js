/* digest: glossary definitions previewed on hover, on keyboard focus and on a first tap
   (a second tap on the same term follows the link). Without this script the same
   definition shows as the link's title attribute. */
(function () {
  "use strict";
  var terms = document.querySelectorAll("a.term[title]");
  if (!terms.length) return;

  var tip = document.createElement("div");
  tip.className = "term-tip";
  tip.id = "term-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);

  var current = null;
  var hideTimer = 0;
  var touchShown = null;  // on a touch tap: whether this term's definition was already showing

  function show(link) {
    clearTimeout(hideTimer);
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    var scope = link.closest("[lang]");
    tip.lang = scope ? scope.lang : "";
    tip.textContent = "";
    var name = document.createElement("strong");
    name.textContent = link.textContent;
    tip.appendChild(name);
    tip.appendChild(document.createTextNode(link.getAttribute("data-definition")));
    link.setAttribute("aria-describedby", tip.id);
    tip.hidden = false;
    place(link);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!current) return;
    tip.hidden = true;
    current.removeAttribute("aria-describedby");
    current = null;
  }

  // A short delay lets the pointer travel onto the preview (which stays open while hovered).
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function place(link) {
    var rect = link.getClientRects()[0] || link.getBoundingClientRect();
    var view = document.documentElement;
    tip.style.left = "0px";
    tip.style.top = "0px";
    var width = tip.offsetWidth;
    var height = tip.offsetHeight;
    var left = Math.min(rect.left, view.clientWidth - width - 8);
    var top = rect.bottom + 6;
    if (top + height > view.clientHeight && rect.top - height - 6 > 0) top = rect.top - height - 6;
    tip.style.left = Math.max(8, left) + window.scrollX + "px";
    tip.style.top = top + window.scrollY + "px";
  }

  Array.prototype.forEach.call(terms, function (link) {
    // Move the definition out of `title` so the browser's own tooltip does not double it.
    link.setAttribute("data-definition", link.getAttribute("title"));
    link.removeAttribute("title");
    link.addEventListener("mouseenter", function () { show(link); });
    link.addEventListener("mouseleave", hideSoon);
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("blur", hide);
    // Touch: the first tap shows the definition, a second tap on the same term follows the link.
    link.addEventListener("pointerdown", function (event) {
      touchShown = event.pointerType === "touch" ? current === link && !tip.hidden : null;
    });
    link.addEventListener("click", function (event) {
      if (touchShown === false) {
        event.preventDefault();
        show(link);
      }
      touchShown = null;
    });
  });
  document.addEventListener("pointerdown", function (event) {
    if (current && !current.contains(event.target) && !tip.contains(event.target)) hide();
  });
  tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  tip.addEventListener("mouseleave", hideSoon);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  window.addEventListener("resize", function () {
    if (current) place(current);
  });
})();

/* Light or dark, as the reader chose with the header's toggle (kept in localStorage; the page's
   head applies it before the style sheet), else as the system says. */
(function () {
  "use strict";
  var button = document.querySelector(".theme-toggle");
  if (!button) return;
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function dark() {
    if (root.dataset.theme) return root.dataset.theme === "dark";
    return !!(system && system.matches);
  }

  function show() { button.setAttribute("aria-pressed", dark() ? "true" : "false"); }

  button.addEventListener("click", function () {
    var chosen = dark() ? "light" : "dark";
    root.dataset.theme = chosen;
    try { localStorage.setItem("digest-theme", chosen); } catch (e) { /* private mode: this page only */ }
    show();
  });
  if (system && system.addEventListener) system.addEventListener("change", show);
  show();
  button.hidden = false;
})();
