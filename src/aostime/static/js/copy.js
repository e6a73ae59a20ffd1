// "Copy link": the text of the field a button names (data-copy) onto the clipboard, and the
// field selected, so that it can be copied by hand where the clipboard is not allowed.
export function copyButtons(root) {
  root.addEventListener("click", async (event) => {
    const button = event.target.closest?.("[data-copy]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copy);
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.dataset.copied || "Copied"; // the page's language, from the server
    } catch {
      button.textContent = button.dataset.selectAndCopy || "Select and copy";
    }
  });
}
