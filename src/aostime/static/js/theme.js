// Light or dark follows the system (prefers-color-scheme) unless the person picks one. A signed-in
// person's choice is kept on her profile (the page names it: data-person-theme, and data-theme is
// already set by the server, so nothing flashes) and wins over this browser's; signed out, or
// before she has chosen, the choice kept in this browser counts. The switch is hidden where
// scripts do not run.
const KEY = "aostime-theme";

function apply(choice) {
  if (choice === "light" || choice === "dark") document.documentElement.dataset.theme = choice;
  else delete document.documentElement.dataset.theme;
}

// The switch's choice onto the person's profile: the sign-out form carries the page's CSRF token.
function keep(root, choice) {
  const csrf = root.querySelector("form.signout input[name=csrf]");
  if (!csrf) return;
  document.documentElement.dataset.personTheme = choice;
  fetch("/profile/theme", { method: "POST", body: new URLSearchParams({ theme: choice, csrf: csrf.value }) })
    .catch(() => { /* kept in this browser all the same */ });
}

export function themeSwitch(root) {
  let stored = document.documentElement.dataset.personTheme || null;
  if (!stored) {
    try { stored = localStorage.getItem(KEY); } catch { /* storage refused: follow the system */ }
  }
  apply(stored);
  const picker = root.getElementById("theme");
  if (!picker) return;
  picker.value = stored === "light" || stored === "dark" ? stored : "system";
  picker.closest("[hidden]")?.removeAttribute("hidden");
  picker.addEventListener("change", () => {
    apply(picker.value);
    try { localStorage.setItem(KEY, picker.value); } catch { /* kept for this page only */ }
    keep(root, picker.value);
  });
}
