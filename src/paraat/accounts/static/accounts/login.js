// E-mail address first: the password field waits until Paraat knows the address is not one of
// an organisation with single sign-on. Without this script both fields show at once.
(function () {
  var form = document.getElementById("login-form");
  if (!form || form.getAttribute("data-email-first") !== "1") return;
  var group = document.getElementById("password-group");
  var button = form.querySelector("button[type=submit]");
  group.hidden = true;
  button.textContent = button.getAttribute("data-continue-label");
})();
