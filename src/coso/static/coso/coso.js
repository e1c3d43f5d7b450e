// The Content-Security-Policy allows no inline style attributes: widths that come from data
// (an import's progress bar: data-width="42") are set here, also on content htmx swaps in.
htmx.onLoad(function (root) {
  var found = Array.prototype.slice.call(root.querySelectorAll("[data-width]"));
  if (root.matches && root.matches("[data-width]")) found.push(root);
  found.forEach(function (el) { el.style.width = el.dataset.width + "%"; });
});
