// The Content-Security-Policy allows no inline style attributes: widths that come from data
// (an import's progress bar: data-width="42") are set here, also on content htmx swaps in.
htmx.onLoad(function (root) {
  var found = Array.prototype.slice.call(root.querySelectorAll("[data-width]"));
  if (root.matches && root.matches("[data-width]")) found.push(root);
  found.forEach(function (el) { el.style.width = el.dataset.width + "%"; });
});

// A "select all" box (data-check-all="transfers") ticks every box of that name in its form.
document.addEventListener("change", function (event) {
  var all = event.target.closest && event.target.closest("[data-check-all]");
  if (!all || !all.form) return;
  all.form.querySelectorAll('input[type="checkbox"][name="' + all.dataset.checkAll + '"]')
    .forEach(function (box) { box.checked = all.checked; });
});
