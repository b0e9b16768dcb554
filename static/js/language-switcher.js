// The language menu (components/language_switcher.html) is a <details> that works without
// this script; with it, Escape closes the menu and returns focus to its toggle, and a click
// elsewhere on the page closes it, as readers expect of a menu.
(function () {
  "use strict";
  document.querySelectorAll("[data-language-switcher]").forEach(function (details) {
    var toggle = details.querySelector("summary");
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        event.preventDefault();
        details.open = false;
        toggle.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (details.open && !details.contains(event.target)) {
        details.open = false;
      }
    });
  });
})();
