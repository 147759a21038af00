// Small behaviours of the desk that htmx does not cover. No business rules here.
(function () {
  "use strict";
  // Attachments by drag and drop: dropped files go into the form's file input.
  function setupDropzones(root) {
    root.querySelectorAll("[data-dropzone]").forEach(function (zone) {
      if (zone.dataset.ready) return;
      zone.dataset.ready = "1";
      var input = zone.querySelector("input[type=file]");
      var list = zone.querySelector("[data-files]");
      function show() {
        if (!list) return;
        list.innerHTML = "";
        Array.prototype.forEach.call(input.files, function (f) {
          var li = document.createElement("li");
          li.textContent = f.name + " (" + Math.ceil(f.size / 1024) + " KB)";
          list.appendChild(li);
        });
      }
      input.addEventListener("change", show);
      zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
      zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
      zone.addEventListener("drop", function (e) {
        e.preventDefault();
        zone.classList.remove("over");
        var merged = new DataTransfer();
        Array.prototype.forEach.call(input.files, function (f) { merged.items.add(f); });
        Array.prototype.forEach.call(e.dataTransfer.files, function (f) { merged.items.add(f); });
        input.files = merged.files;
        show();
      });
    });
  }
  // A suggestion's "use" button fills its form field; the receptionist can still change it.
  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-apply-field]");
    if (!button) return;
    var field = document.querySelector("#register-form [name=" + button.dataset.applyField + "]");
    if (!field) return;
    if (field.type === "checkbox") field.checked = button.dataset.applyValue === "on";
    else field.value = button.dataset.applyValue;
    field.dispatchEvent(new Event("change", { bubbles: true }));
    field.focus();
  });
  document.addEventListener("DOMContentLoaded", function () { setupDropzones(document); });
  document.addEventListener("htmx:afterSwap", function (e) { setupDropzones(e.target); });
})();
