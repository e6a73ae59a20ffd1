// An entry's row being edited in place: Enter saves (the browser submits the row's form), Esc
// puts the row back as it was, by the row's own "Cancel".
export function keyboardEditing(root) {
  root.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const row = event.target.closest?.("[data-inline-edit]");
    if (!row) return;
    event.preventDefault();
    row.querySelector("[data-cancel]")?.click();
  });
}
