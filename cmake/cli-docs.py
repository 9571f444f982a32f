#!/usr/bin/env python3
"""Generates, at build time, what is installed next to `coffre` from its own command tree
(`coffre __cli-tree`, vault-cli/commands/cli_tree.cpp), so neither drifts from the commands:

  cli-docs.py man-commands COFFRE OUT [fr]   help2man include: a COMMANDS section with every
                                             command's usage, options and values
  cli-docs.py bash COFFRE OUT                the bash completion script

Both run coffre in the C locale, so the page and the words are English; `man-commands ... fr` runs
it with --lang fr, for the French page (a COMMANDES section with the French --help texts; the
values accepted stay the English spellings, which coffre accepts in every language)."""
import json
import os
import subprocess
import sys


ENV = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", LANG="C.UTF-8")


def cli_tree(coffre, lang="en"):
    return json.loads(subprocess.run([coffre, "--lang", lang, "__cli-tree"], env=ENV, check=True, capture_output=True, text=True).stdout)


def walk(node, path=()):
    """Yields (path, node) for every command and group below the root, depth first, sorted."""
    for sub in node["commands"]:
        p = path + (sub["name"],)
        yield p, sub
        yield from walk(sub, p)


def roff_words(text):
    """Running text for a filled paragraph: backslashes and minus signs escaped, `x` in bold."""
    text = text.replace("\n", " ").replace("\\", "\\e").replace("-", "\\-")
    parts = text.split("`")
    for i in range(1, len(parts), 2):
        parts[i] = "\\fB" + parts[i] + "\\fR"
    line = "".join(parts) if len(parts) % 2 == 1 else text
    return "\\&" + line if line.startswith((".", "'")) else line


# The section's title, its first paragraph, and the words of an option's default and requirement.
MAN_WORDS = {
    "en": {"title": "COMMANDS", "default": " (default: %s)", "required": "Required.", "usage": "[OPTIONS]",
           "intro": "Every command, with what its \\fB\\-\\-help\\fR says. The global options above are accepted "
                    "before or after the command. Values shown as \\fIa\\fR|\\fIb\\fR are the ones accepted."},
    "fr": {"title": "COMMANDES", "default": " (par défaut\u00a0: %s)", "required": "Obligatoire.", "usage": "[OPTIONS]",
           "intro": "Chaque commande, avec ce qu'affiche son \\fB\\-\\-help\\fR. Les options globales ci-dessus sont "
                    "acceptées avant ou après la commande. Les valeurs notées \\fIa\\fR|\\fIb\\fR sont celles "
                    "qui sont acceptées."},
}


def man_commands(tree, out, lang="en"):
    """A COMMANDS section: for every command, its usage, description, positionals and options,
    from the same CLI11 definitions its --help prints, as filled roff that fits any width."""
    words = MAN_WORDS[lang]
    parts = ["[%s]" % words["title"], words["intro"]]
    for path, node in walk(tree):
        if node["commands"]:
            continue  # a group: its commands follow, each with its own entry
        usage = " ".join(path) + " " + words["usage"]
        for p in node["positionals"]:
            name = p["name"] + ("..." if p.get("repeated") else "")
            usage += " " + (name if p["required"] else "[" + name + "]")
        parts.append('.SS "coffre %s"' % roff_words(usage).replace('"', '""'))
        parts.append(roff_words(node["description"]))
        for p in node["positionals"]:
            parts.append(".TP")
            parts.append("\\fI%s\\fR" % roff_words(p["name"]))
            parts.append(roff_words(p["description"]))
        for o in node["options"]:
            if "--help" in o["names"]:
                continue
            head = ", ".join("\\fB%s\\fR" % roff_words(n) for n in o["names"])
            if o["value"]:
                if o.get("values"):
                    head += " " + "|".join("\\fI%s\\fR" % roff_words(v) for v in o["values"])
                elif o.get("type"):
                    head += " \\fI%s\\fR" % roff_words(o["type"])
            parts.append(".TP")
            parts.append(head)
            text = o["description"]
            if o.get("default"):
                text += words["default"] % o["default"]
            if o.get("required"):
                text += " " + words["required"]
            parts.append(roff_words(text))
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


def sh_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


FILE_TYPES = {"FILE", "PATH", "DIR"}


def bash(tree, out):
    subs, opts, valued, values, files, pos_files = {}, {}, {}, {}, {}, {}

    def record(path, node):
        key = " ".join(("coffre",) + path)  # bash arrays take no empty key
        subs[key] = " ".join(c["name"] for c in node["commands"])
        names = []
        for o in node["options"]:
            names += o["names"]
            if o["value"]:
                for n in o["names"]:
                    k = key + " " + n
                    valued[k] = 1
                    if o.get("values"):
                        values[k] = " ".join(o["values"])
                    elif o.get("type") in FILE_TYPES:
                        files[k] = "d" if o["type"] == "DIR" else "f"
        opts[key] = " ".join(names)
        p = [x["type"] for x in node["positionals"]]
        if any(t in FILE_TYPES for t in p) or any(x["name"] in FILE_TYPES for x in node["positionals"]):
            pos_files[key] = "d" if all(t == "DIR" or x["name"] == "DIR" for t, x in zip(p, node["positionals"])) else "f"

    record((), tree)
    for path, node in walk(tree):
        record(path, node)

    def assoc(name, d):
        lines = ["declare -gA %s=(" % name]
        for k in sorted(d):
            lines.append("  [%s]=%s" % (sh_quote(k), sh_quote(str(d[k]))))
        lines.append(")")
        return "\n".join(lines)

    script = r'''# bash completion for coffre(1). Generated at build time from `coffre __cli-tree` by
# cmake/cli-docs.py: do not edit. Completes commands, subcommands, options and the values of
# options that take one of a known list (--channel email|sms|phone|post...), files where a file is
# expected. The global options (--vault, --json...) are accepted at every level.

{subs}
{opts}
{valued}
{values}
{files}
{pos_files}

_coffre_takes_value() {{  # PATH OPTION: true when OPTION takes a value at PATH (or globally)
  [ -n "${{_coffre_valued["$1 $2"]+x}}" ] || [ -n "${{_coffre_valued["coffre $2"]+x}}" ]
}}

_coffre_reply() {{  # PREFIX COMPGEN-ARGS...: COMPREPLY from compgen, each word led by PREFIX
  local prefix=$1 w; shift
  COMPREPLY=()
  while IFS= read -r w; do COMPREPLY+=("$prefix$w"); done < <(compgen "$@")
}}

_coffre() {{
  local cur word path=coffre i=1
  cur=${{COMP_WORDS[COMP_CWORD]}}
  COMPREPLY=()
  # Follow the words typed so far down the command tree, skipping options and their values
  # ("--opt value", and "--opt = value" as bash splits "--opt=value" at the '=').
  while [ "$i" -lt "$COMP_CWORD" ]; do
    word=${{COMP_WORDS[i]}}
    if [[ $word == -* ]]; then
      if [[ $word != *=* ]] && _coffre_takes_value "$path" "$word"; then
        if [ "${{COMP_WORDS[i+1]}}" = "=" ]; then i=$((i + 2)); else i=$((i + 1)); fi
      fi
    elif [ -n "${{_coffre_subs[$path]}}" ] && [[ " ${{_coffre_subs[$path]}} " == *" $word "* ]]; then
      path="$path $word"
    fi
    i=$((i + 1))
  done

  # The value of an option: "--opt V", "--opt=V" (one word when '=' does not break words), "--opt = V".
  local opt="" arg=$cur prefix="" prev=""
  [ "$COMP_CWORD" -gt 1 ] && prev=${{COMP_WORDS[COMP_CWORD-1]}}
  if [[ $cur == --*=* ]]; then
    opt=${{cur%%=*}}; arg=${{cur#*=}}; prefix="$opt="
  elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 2 ]; then
    opt=${{COMP_WORDS[COMP_CWORD-2]}}
  elif [[ $prev == -* ]]; then
    opt=$prev
  fi
  if [[ $opt == -* ]] && _coffre_takes_value "$path" "$opt"; then
    local key="$path $opt"
    [ -n "${{_coffre_valued[$key]+x}}" ] || key="coffre $opt"
    if [ -n "${{_coffre_values[$key]+x}}" ]; then
      _coffre_reply "$prefix" -W "${{_coffre_values[$key]}}" -- "$arg"
    elif [ "${{_coffre_files[$key]}}" = d ]; then
      _coffre_reply "$prefix" -d -- "$arg"
    elif [ "${{_coffre_files[$key]}}" = f ]; then
      _coffre_reply "$prefix" -f -- "$arg"
    fi
    return 0
  fi
  if [[ $cur == -* ]]; then
    local all="${{_coffre_opts[$path]}}"
    [ "$path" = coffre ] || all="$all ${{_coffre_opts[coffre]}}"
    _coffre_reply "" -W "$all" -- "$cur"
  elif [ -n "${{_coffre_subs[$path]}}" ]; then
    _coffre_reply "" -W "${{_coffre_subs[$path]}}" -- "$cur"
  elif [ "${{_coffre_pos_files[$path]}}" = d ]; then
    _coffre_reply "" -d -- "$cur"
  elif [ "${{_coffre_pos_files[$path]}}" = f ]; then
    _coffre_reply "" -f -- "$cur"
  fi
  return 0
}}
complete -o filenames -F _coffre coffre
'''.format(subs=assoc("_coffre_subs", subs), opts=assoc("_coffre_opts", opts), valued=assoc("_coffre_valued", valued),
           values=assoc("_coffre_values", values), files=assoc("_coffre_files", files),
           pos_files=assoc("_coffre_pos_files", pos_files))
    with open(out, "w", encoding="utf-8") as f:
        f.write(script)


def main(argv):
    if len(argv) in (4, 5) and argv[1] == "man-commands" and argv[4:] in ([], ["en"], ["fr"]):
        lang = argv[4] if len(argv) == 5 else "en"
        man_commands(cli_tree(argv[2], lang), argv[3], lang)
    elif len(argv) == 4 and argv[1] == "bash":
        bash(cli_tree(argv[2]), argv[3])
    else:
        sys.stderr.write(__doc__)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
