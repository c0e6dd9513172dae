// Paraat's own small script. Pages work without it; it only makes partial updates kinder.
document.addEventListener("htmx:afterSwap", function (event) {
  // Move keyboard focus to a swapped region that asks for it, so screen readers follow along.
  var target = event.detail.target;
  if (target && target.hasAttribute("data-focus-after-swap")) {
    target.setAttribute("tabindex", "-1");
    target.focus();
  }
});

// On a phone the main menu starts folded (it is open without JavaScript, and on wider screens).
(function () {
  var menu = document.querySelector("details.site-menu");
  if (!menu || !window.matchMedia) return;
  var narrow = window.matchMedia("(max-width: 40rem)");
  function fit() { menu.open = !narrow.matches; }
  fit();
  if (narrow.addEventListener) narrow.addEventListener("change", fit);
})();
