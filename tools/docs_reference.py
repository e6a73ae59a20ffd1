"""The command reference: one Markdown page per `aos` command, written from the Typer app itself
(its help, usage, arguments and options), so the reference cannot fall behind the commands.

The documentation site's build calls `pages()` (tools/mkdocs_hooks.py); run alone it writes the
pages under a directory for a look at them: `python tools/docs_reference.py /tmp/reference`."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import click
import typer

ROOT_DIR = "reference/commands"
_MARKDOWN = re.compile(r"([\\`*_\[\]|#])")


def _root() -> click.Command:
    from aostime.cli import app

    return typer.main.get_command(app)


def commands(root: click.Command | None = None) -> list[tuple[tuple[str, ...], click.Command]]:
    """Every visible command as (path of names, click command), the root `aos` first, each group
    before its subcommands, names in order."""
    found = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        found.append((path, command))
        for name, sub in sorted((getattr(command, "commands", None) or {}).items()):
            if not sub.hidden:
                walk(sub, (*path, name))

    walk(root or _root(), ())
    return found


def page_of(path: tuple[str, ...]) -> str:
    """The page of a command inside the docs: `reference/commands/invoice-create.md`."""
    return f"{ROOT_DIR}/{'-'.join(path) or 'aos'}.md"


def _text(text: str) -> str:
    """Help text as Markdown: its characters shown as written, never read as markup."""
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


def _paragraphs(help_text: str) -> list[str]:
    """Click's help: paragraphs between blank lines; one starting with \\b keeps its lines."""
    out = []
    for block in re.split(r"\n\s*\n", help_text.strip()):
        if block.startswith("\b"):
            out.append("```text\n" + block.lstrip("\b\n") + "\n```")
        else:
            out.append(_text(" ".join(line.strip() for line in block.splitlines())))
    return out


def _kind(param: click.Parameter) -> str:
    if isinstance(param.type, click.Choice):
        return " \\| ".join(f"`{choice}`" for choice in param.type.choices)
    if getattr(param, "is_flag", False):
        return "flag"
    name = {"str": "text", "int": "integer"}.get(param.type.name, param.type.name or "")
    return _text(name)


def _default(param: click.Parameter) -> str:
    default = param.default
    if default is None or default is False or default == () or getattr(param, "is_flag", False) and not default:
        return ""
    if callable(default):
        return ""
    return f"`{default}`" if "`" not in str(default) else _text(str(default))


def _param_rows(command: click.Command) -> tuple[list[str], list[str]]:
    arguments, options = [], []
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        help_text = _text(" ".join((getattr(param, "help", None) or "").split()))
        if param.param_type_name == "argument":
            name = _text((param.metavar or param.name or "").upper())
            required = "yes" if param.required else "no"
            many = ", several" if param.nargs == -1 else ""
            arguments.append(f"| `{name}` | {_kind(param)}{many} | {required} | {help_text} |")
        else:
            names = ", ".join(f"`{opt}`" for opt in (*param.opts, *param.secondary_opts))
            options.append(f"| {names} | {_kind(param)} | {_default(param)} | {help_text} |")
    return arguments, options


def render(path: tuple[str, ...], command: click.Command) -> str:
    name = " ".join(("aos", *path))
    context = click.Context(command, info_name=name)
    usage = " ".join(command.collect_usage_pieces(context))
    lines = [f"# {name}", ""]
    for paragraph in _paragraphs(command.help or command.short_help or ""):
        lines += [paragraph, ""]
    lines += ["```text", f"{name} {usage}".rstrip(), "```", ""]
    arguments, options = _param_rows(command)
    if arguments:
        lines += ["## Arguments", "", "| argument | kind | required | meaning |", "|---|---|---|---|", *arguments, ""]
    if options:
        lines += ["## Options", "", "| option | kind | default | meaning |", "|---|---|---|---|", *options, ""]
    subcommands = {n: c for n, c in (getattr(command, "commands", None) or {}).items() if not c.hidden}
    if subcommands:
        lines += ["## Commands", "", "| command | does |", "|---|---|"]
        for sub_name, sub in sorted(subcommands.items()):
            link = Path(page_of((*path, sub_name))).name
            summary = _text(sub.get_short_help_str(limit=120))
            lines.append(f"| [`{name} {sub_name}`]({link}) | {summary} |")
        lines.append("")
    if path:
        parent = " ".join(("aos", *path[:-1]))
        lines += [f"Part of [`{parent}`]({Path(page_of(path[:-1])).name}).", ""]
    return "\n".join(lines)


def pages(root: click.Command | None = None) -> dict[str, str]:
    """Every command's page, by its path inside the docs."""
    return {page_of(path): render(path, command) for path, command in commands(root)}


def nav(root: click.Command | None = None) -> list:
    """The site's navigation for the reference: `aos` first, then a section per group."""
    entries: list = []
    sections: dict[tuple[str, ...], list] = {(): entries}
    for path, command in commands(root):
        title = " ".join(("aos", *path))
        holder = sections[path[:-1]] if path else entries
        if getattr(command, "commands", None) and path:
            children: list = [{title: page_of(path)}]
            sections[path] = children
            holder.append({title: children})
        else:
            holder.append({title: page_of(path)})
    return entries


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "reference")
    for page, text in pages().items():
        out = target / page
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    print(f"{len(pages())} pages under {target}")
