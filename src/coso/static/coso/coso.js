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

// The attendance sheet counts as the secretary taps: voters present against the vote base
// (official members, less the exempted who stay away) and the quorum the rule asks for
// (data-quorum="2/3", from the rules in force on the meeting's date).
// The reason box shows only beside an absence with a reason (or a reason already written).
function countAttendance(form) {
  var base = 0, present = 0;
  form.querySelectorAll(".attendance-row").forEach(function (row) {
    var mark = row.querySelector('input[type="radio"]:checked');
    var value = mark ? mark.value : "present";
    var reason = row.querySelector(".reason-field");
    reason.classList.toggle("d-none", value !== "excused" && !reason.querySelector("input").value);
    if (row.dataset.votes !== "1") return;
    if (value !== "exempted") base += 1;
    if (value === "present") present += 1;
  });
  var ratio = form.dataset.quorum.split("/");
  var needed = Math.ceil(base * Number(ratio[0]) / Number(ratio[1]));
  var out = form.querySelector("#live-count");
  out.textContent = form.dataset.template
    .replace("{p}", present).replace("{b}", base).replace("{n}", needed);
  out.classList.toggle("text-danger", present < needed);
}
document.querySelectorAll("form[data-live-count]").forEach(function (form) {
  countAttendance(form);
  form.addEventListener("change", function () { countAttendance(form); });
});

// The organization picker (core/organization_picker.html): a tap on a match writes its code in
// the box, closes the matches and tells the form (a list's filter reloads on "change").
document.addEventListener("click", function (event) {
  var match = event.target.closest && event.target.closest(".org-picker-match");
  if (!match) return;
  var picker = match.closest(".org-picker");
  var box = picker.querySelector("input[data-org-picker]");
  box.value = match.dataset.code;
  picker.querySelector(".org-picker-matches").innerHTML = "";
  box.dispatchEvent(new Event("change", { bubbles: true }));
  box.focus();
});
