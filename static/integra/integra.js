/* Runs first, before the page is drawn: tells the stylesheet that JavaScript is available, so
   that without it the collapsed navigation stays open instead of hiding behind a dead button. */
document.documentElement.classList.replace("no-js", "js");

/* A form that previews as you type (an htmx request on input) and is then posted the plain way
   sends no more previews: the page is leaving, and a preview sent now would be cut off by the
   navigation. htmx's own submissions (their default prevented) are not concerned. */
document.addEventListener("submit", function (event) {
  if (!event.defaultPrevented) event.target.setAttribute("data-leaving", "");
});
document.addEventListener("htmx:beforeRequest", function (event) {
  var form = event.detail.elt.closest && event.detail.elt.closest("form[data-leaving]");
  if (form) event.preventDefault();
});
window.addEventListener("pageshow", function () {
  // Back on the page from the browser's history: its forms preview again.
  document.querySelectorAll("form[data-leaving]").forEach(function (form) {
    form.removeAttribute("data-leaving");
  });
});
