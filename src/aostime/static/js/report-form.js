// The report form's period: typing a From or To date picks "Custom", picking a preset empties
// them, so the form never asks for both (which the report refuses, as `aos report` does).
export function reportPeriods(root) {
  const period = root.getElementById?.("report-period");
  if (!period) return;
  const dates = ["report-from", "report-to"].map((id) => root.getElementById(id));
  for (const field of dates) {
    field.addEventListener("input", () => {
      if (field.value.trim()) period.value = "custom";
    });
  }
  period.addEventListener("change", () => {
    if (period.value !== "custom") for (const field of dates) field.value = "";
  });
}
