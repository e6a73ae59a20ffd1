"""The options of the commands entry.py answers without Typer (GENERATED: do not edit).

Written by `python -m aostime.cli.grammar` from the Typer commands. For each command: its body
in aostime.commands, its options taking a value {option: parameter}, its flags {flag:
(parameter, value)}, its positional parameter or None; COUNTS are the integer parameters, LISTS
the text options that may be given again (--tag A --tag B: a list)."""

# fmt: off

FAST = {
    'status': (
        'status',
        {'--format': 'fmt', '-f': 'fmt', '--user': 'user', '-u': 'user'},
        {'--quiet': ('quiet', True), '-q': ('quiet', True), '--json': ('as_json', True)},
        None,
    ),
    'start': (
        'start',
        {'--project': 'project', '-p': 'project', '--task': 'task', '-t': 'task', '--description': 'description', '-d': 'description', '--notes': 'notes', '-n': 'notes', '--rate': 'rate', '--at': 'at', '--user': 'user', '-u': 'user', '--tag': 'tags'},
        {'--billable': ('billable', True), '--non-billable': ('billable', False), '--switch': ('switch', True), '--force': ('force', True), '--json': ('as_json', True)},
        'description_arg',
    ),
    'stop': (
        'stop',
        {'--at': 'at', '--start': 'start', '--description': 'description', '-d': 'description', '--notes': 'notes', '-n': 'notes', '--user': 'user', '-u': 'user'},
        {'--billable': ('billable', True), '--non-billable': ('billable', False), '--force': ('force', True), '--json': ('as_json', True)},
        None,
    ),
    'cancel': (
        'cancel',
        {'--user': 'user', '-u': 'user'},
        {'--json': ('as_json', True)},
        None,
    ),
    'add': (
        'add',
        {'--project': 'project', '-p': 'project', '--task': 'task', '-t': 'task', '--hours': 'hours', '--date': 'date', '--start': 'start', '--end': 'end', '--description': 'description', '-d': 'description', '--notes': 'notes', '-n': 'notes', '--rate': 'rate', '--user': 'user', '-u': 'user', '--tag': 'tags'},
        {'--billable': ('billable', True), '--non-billable': ('billable', False), '--force': ('force', True), '--json': ('as_json', True)},
        None,
    ),
    'list': (
        'list_entries',
        {'--project': 'project', '-p': 'project', '--task': 'task', '-t': 'task', '--client': 'client', '-c': 'client', '--user': 'user', '-u': 'user', '--from': 'since', '--to': 'until', '--limit': 'limit', '-n': 'limit', '--search': 'search', '-s': 'search', '--tag': 'tags'},
        {'--billable': ('billable', True), '--non-billable': ('billable', False), '--invoiced': ('invoiced', True), '--uninvoiced': ('invoiced', False), '--csv': ('as_csv', True), '--json': ('as_json', True)},
        None,
    ),
    'budget': (
        'budget',
        {'--project': 'project', '-p': 'project'},
        {'--send-alerts': ('send_alerts', True), '--json': ('as_json', True)},
        None,
    ),
}
COUNTS = frozenset(['limit'])
LISTS = frozenset(['tags'])
