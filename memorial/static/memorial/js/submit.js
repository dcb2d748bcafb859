// Send a form once: a second tap while it uploads is ignored (the server also refuses a duplicate).
(function () {
  "use strict";
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
      });
    });
  });
  var errors = document.getElementById("form-errors");
  if (errors) {
    errors.focus();
  }
})();
