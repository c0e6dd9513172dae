// Agreements workspace: after an inline form or a saved row is swapped in, put keyboard focus
// on its first field (or on the row), so keyboard and screen reader users stay in place.
document.addEventListener("htmx:afterSettle", function () {
  var target = document.querySelector(".ws-item[data-ws-focus]");
  if (!target) { return; }
  target.removeAttribute("data-ws-focus");
  var field = target.querySelector("input:not([type=hidden]), select, textarea");
  if (target.classList.contains("ws-item--editing") && field) {
    var checked = target.querySelector("input[type=radio]:checked");
    (checked || field).focus();
  } else {
    target.setAttribute("tabindex", "-1");
    target.focus();
  }
});
