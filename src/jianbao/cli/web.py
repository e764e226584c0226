"""``jianbao serve`` (the editor's desk) and ``jianbao user add`` (its accounts)."""

from __future__ import annotations

import sys

import click

from jianbao.cli._base import cli, current_workspace, handle_errors, open_store, out
from jianbao.errors import DeskError


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_context
@handle_errors
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Run the editor's desk (web UI and JSON API) for this workspace.

    Sign in with an account made by `jianbao user add`. Listen on 127.0.0.1 unless the desk
    sits behind a TLS proxy (then set secure_cookies = true under [web]).

    Example: jianbao user add wang --role editor && jianbao serve --port 8000
    """
    import uvicorn

    from jianbao.store import Store
    from jianbao.store import desk as desk_store
    from jianbao.web import create_app

    workspace = current_workspace(ctx)
    store = Store.open(workspace.database_url)
    if desk_store.count_users(store) == 0:
        out.print(
            "[yellow]No users yet:[/] add one first, e.g. "
            f"jianbao -w {workspace.root} user add NAME --role admin"
        )
    app = create_app(workspace, store=store)
    out.print(f"jianbao desk for {workspace.root} on http://{host}:{port}/ (Ctrl+C stops it)")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()


@cli.group()
def user() -> None:
    """Accounts of the editor's desk (viewer reads; editor edits and builds; admin all).

    Example: jianbao user add wang --role editor
    """


@user.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["viewer", "editor", "admin"]),
    default="editor",
    show_default=True,
    help="What the user may do.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--replace", is_flag=True, help="Reset the password and role of an existing user.")
@click.pass_context
@handle_errors
def user_add(ctx: click.Context, name: str, role: str, password_stdin: bool, replace: bool) -> None:
    """Add a user (the password is asked for twice, or read from stdin); stored hashed (argon2).

    Example: echo 'long secret' | jianbao user add wang --role editor --password-stdin
    """
    from jianbao.store import desk as desk_store
    from jianbao.web.auth import hash_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise DeskError("no password was given.", code="E702", hint="Type one, or pipe it in.")
    workspace = current_workspace(ctx)
    with open_store(workspace) as store:
        created = desk_store.add_user(store, name, role, hash_password(password), replace=replace)
    out.print(f"{'added' if created else 'updated'} user {name.strip()} ({role})")


@user.command("list")
@click.pass_context
@handle_errors
def user_list(ctx: click.Context) -> None:
    """List the users of the desk.

    Example: jianbao user list
    """
    from jianbao.store import desk as desk_store

    with open_store(current_workspace(ctx)) as store:
        for row in desk_store.users(store):
            state = " (disabled)" if row["disabled"] else ""
            out.print(f"{row['name']:<20} {row['role']:<7}{state}")
