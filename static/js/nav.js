/*
 * Main menu toggle for narrow screens (progressive enhancement).
 *
 * Without this script the navigation list stays visible at every width. The
 * script marks <html> with the class "js-nav", which lets the stylesheet hide the
 * list behind the "Menu" button on narrow screens; the button's aria-expanded
 * attribute is the single source of the open/closed state (the CSS reads it).
 * Escape closes the open menu and returns focus to the button.
 */
(function () {
  "use strict";

  var toggle = document.querySelector(".nav-toggle[aria-controls]");
  if (!toggle) {
    return;
  }
  var menu = document.getElementById(toggle.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }
  var nav = toggle.closest("nav") || menu.parentNode;

  function isOpen() {
    return toggle.getAttribute("aria-expanded") === "true";
  }

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  setOpen(false);
  document.documentElement.classList.add("js-nav");

  toggle.addEventListener("click", function () {
    setOpen(!isOpen());
  });

  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen()) {
      setOpen(false);
      toggle.focus();
    }
  });
})();
