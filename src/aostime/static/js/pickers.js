// A task picker offers the tasks of the project chosen beside it (data-tasks-of names that
// picker); a task of another project, chosen before, is let go.
export function tasksFollowProjects(root) {
  for (const tasks of root.querySelectorAll("select[data-tasks-of]")) {
    const project = document.getElementById(tasks.dataset.tasksOf);
    if (!project || tasks.dataset.following) continue;
    tasks.dataset.following = "yes";
    const follow = () => {
      for (const option of tasks.options) {
        option.hidden = Boolean(option.dataset.project) && project.value !== "" && option.dataset.project !== project.value;
      }
      if (tasks.selectedOptions[0]?.hidden) tasks.value = "";
    };
    project.addEventListener("change", follow);
    follow();
  }
}
