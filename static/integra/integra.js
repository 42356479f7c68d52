/* Runs first, before the page is drawn: tells the stylesheet that JavaScript is available, so
   that without it the collapsed navigation stays open instead of hiding behind a dead button. */
document.documentElement.classList.replace("no-js", "js");
