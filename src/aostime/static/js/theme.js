// Light or dark follows the system (prefers-color-scheme) unless the member picks one here; the
// choice is kept in this browser. The switch is hidden where scripts do not run.
const KEY = "aostime-theme";

function apply(choice) {
  if (choice === "light" || choice === "dark") document.documentElement.dataset.theme = choice;
  else delete document.documentElement.dataset.theme;
}

export function themeSwitch(root) {
  let stored = null;
  try { stored = localStorage.getItem(KEY); } catch { /* storage refused: follow the system */ }
  apply(stored);
  const picker = root.getElementById("theme");
  if (!picker) return;
  picker.value = stored === "light" || stored === "dark" ? stored : "system";
  picker.closest("[hidden]")?.removeAttribute("hidden");
  picker.addEventListener("change", () => {
    apply(picker.value);
    try { localStorage.setItem(KEY, picker.value); } catch { /* kept for this page only */ }
  });
}
