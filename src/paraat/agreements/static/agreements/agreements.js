// Agreements workspace: after an inline form or a saved row is swapped in, put keyboard focus
// on its first field (or the row), so keyboard and screen reader users stay in place.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.elt;
  if (!target || !target.classList || !target.classList.contains("ws-item")) {
    target = document.querySelector(".ws-item[data-focus-after-swap]");
  }
  if (!target) { return; }
  target.removeAttribute("data-focus-after-swap");
  var field = target.querySelector("input:not([type=hidden]), select, textarea");
  if (target.classList.contains("ws-item--editing") && field) {
    field.focus();
  } else {
    target.setAttribute("tabindex", "-1");
    target.focus();
  }
});
