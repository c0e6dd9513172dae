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

// One Tab stop per action item: in each item's group of actions only the first (or the one last
// used) is in the Tab order; the arrow keys, Home and End move between its actions. Without
// JavaScript every action is a Tab stop, as before.
function wsRoving(root) {
  (root || document).querySelectorAll(".ws-actions").forEach(function (group) {
    var stops = group.querySelectorAll("a[href], button:not([disabled])");
    var current = group.querySelector('[tabindex="0"]') || stops[0];
    stops.forEach(function (el) { el.setAttribute("tabindex", el === current ? "0" : "-1"); });
  });
}
document.addEventListener("keydown", function (event) {
  var group = event.target.closest && event.target.closest(".ws-actions");
  if (!group) { return; }
  var stops = Array.prototype.slice.call(group.querySelectorAll("a[href], button:not([disabled])"));
  var at = stops.indexOf(event.target);
  if (at < 0) { return; }
  var to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: stops.length - 1 }[event.key];
  if (to === undefined) { return; }
  event.preventDefault();
  to = (to + stops.length) % stops.length;
  stops.forEach(function (el, n) { el.setAttribute("tabindex", n === to ? "0" : "-1"); });
  stops[to].focus();
});

// The "why does it not apply" field is only there (and only a Tab stop) when the status is
// "not applicable"; without JavaScript it is always shown.
function wsReason(root) {
  (root || document).querySelectorAll("form").forEach(function (form) {
    var field = form.querySelector('[name="not_applicable_reason"]');
    if (!field || !form.querySelector('input[name="status"]')) { return; }
    var parts = [field, form.querySelector('label[for="' + field.id + '"]'), document.getElementById(field.id + "_helptext")];
    function fit() {
      var chosen = form.querySelector('input[name="status"]:checked');
      var hide = !(chosen && chosen.value === "not_applicable") && !field.value;
      parts.forEach(function (el) { if (el) { el.hidden = hide; } });
    }
    form.addEventListener("change", function (event) { if (event.target.name === "status") { fit(); } });
    fit();
  });
}
document.addEventListener("DOMContentLoaded", function () { wsRoving(); wsReason(); });
document.addEventListener("htmx:afterSettle", function (event) { wsRoving(event.target); wsReason(event.target); });
