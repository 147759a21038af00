// The toolbar's print button; kept out of the page so no inline script is needed.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-now");
  if (button) {
    button.addEventListener("click", function () { window.print(); });
  }
});
