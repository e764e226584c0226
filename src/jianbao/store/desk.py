"""The editor's desk in the store: users, the editor's decisions, the audit log, editor examples.

Every decision is written in one transaction together with its audit row and the template's
editor examples (``examples`` rows with origin ``"editor"``), so ``jianbao train`` always
learns from exactly what the audit log says the editors did.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from jianbao.errors import DeskError, StoreError
from jianbao.models import EditorAction, ItemDecision
from jianbao.store import Store, schema

Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "editor", "admin")
EDITOR_ORIGIN = "editor"
# Rejected items are stored as examples of this pseudo-section: not a section of any template,
# so the section classifier leaves them out, but they stay labelled for relevance training.
REJECTED_SECTION = "（不采用）"
USER_NAME = re.compile(r"^[\w.\-@\u4e00-\u9fff]{1,64}$")


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def _fail(what: str, exc: SQLAlchemyError) -> StoreError:
    return StoreError(f"could not {what}: {exc}", code="E303")


# -- users ------------------------------------------------------------------------------------


def check_user_name(name: str) -> str:
    """``name`` stripped, or E701 when it is not a usable user name."""
    name = name.strip()
    if not USER_NAME.match(name):
        raise DeskError(
            f'"{name}" is not a usable user name.',
            code="E701",
            hint="Use 1-64 letters, digits, Chinese characters, or . - _ @.",
        )
    return name


def check_role(role: str) -> Role:
    """``role`` as a Role, or E701."""
    for known in ROLES:
        if role == known:
            return known
    raise DeskError(
        f'"{role}" is not a role.', code="E701", hint=f"Choose one of {', '.join(ROLES)}."
    )


def add_user(store: Store, name: str, role: str, password_hash: str, *, replace: bool) -> bool:
    """Create user ``name`` (or, with ``replace``, reset its role and password); True if new."""
    name, checked = check_user_name(name), check_role(role)
    table = schema.users
    now = _now()
    try:
        with store.engine.begin() as conn:
            pk = conn.execute(select(table.c.pk).where(table.c.name == name)).scalar()
            if pk is not None and not replace:
                raise DeskError(
                    f'user "{name}" already exists.',
                    code="E701",
                    hint="Pass --replace to set a new password and role.",
                )
            values = {"role": checked, "password_hash": password_hash, "updated_at": now}
            if pk is None:
                conn.execute(table.insert().values(name=name, created_at=now, **values))
            else:
                conn.execute(
                    table.update().where(table.c.pk == pk).values(disabled=False, **values)
                )
    except SQLAlchemyError as exc:
        raise _fail(f'store user "{name}"', exc) from exc
    return pk is None


def get_user(store: Store, name: str) -> dict[str, Any] | None:
    """The user row called ``name`` (name, role, password_hash, disabled), or None."""
    table = schema.users
    with store.engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.name == name)).first()
    return dict(row._mapping) if row else None


def users(store: Store) -> list[dict[str, Any]]:
    """Every user, by name, without password hashes."""
    table = schema.users
    columns = [c for c in table.c if c.name != "password_hash"]
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(*columns).order_by(table.c.name))]


def count_users(store: Store) -> int:
    """How many users exist."""
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.users)).scalar_one())


def set_user(
    store: Store, name: str, *, role: str | None = None, disabled: bool | None = None
) -> None:
    """Change the role of user ``name`` or disable / enable it (E703 for an unknown user)."""
    table = schema.users
    values: dict[str, Any] = {"updated_at": _now()}
    if role is not None:
        values["role"] = check_role(role)
    if disabled is not None:
        values["disabled"] = disabled
    try:
        with store.engine.begin() as conn:
            done = conn.execute(table.update().where(table.c.name == name).values(**values))
    except SQLAlchemyError as exc:
        raise _fail(f'change user "{name}"', exc) from exc
    if not done.rowcount:
        raise DeskError(f'there is no user "{name}".', code="E703", hint="`jianbao user add`.")


def rehash_password(store: Store, name: str, password_hash: str) -> None:
    """Store a re-hashed password (argon2 parameters changed since it was set)."""
    table = schema.users
    with store.engine.begin() as conn:
        conn.execute(table.update().where(table.c.name == name).values(password_hash=password_hash))


# -- decisions --------------------------------------------------------------------------------


def _decision(row: Any) -> ItemDecision:
    return ItemDecision(
        article_id=row.article_id,
        template=row.template,
        status=row.status,
        section=row.section,
        title=row.title,
        tag=row.tag,
        summary=row.summary,
        position=row.position,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def decisions(store: Store, template: str) -> dict[str, ItemDecision]:
    """The editor's decisions for ``template``, by article id."""
    table = schema.desk_decisions
    with store.engine.connect() as conn:
        rows = conn.execute(select(table).where(table.c.template == template))
        return {row.article_id: _decision(row) for row in rows}


def _record(conn: Connection, action: EditorAction) -> None:
    conn.execute(
        schema.audit_log.insert().values(
            at=action.at,
            who=action.who,
            action=action.action,
            template=action.template,
            article_id=action.article_id,
            bulletin_pk=action.bulletin_id,
            before_json=json.dumps(action.before, ensure_ascii=False, sort_keys=True),
            after_json=json.dumps(action.after, ensure_ascii=False, sort_keys=True),
        )
    )


def _state(decision: ItemDecision | None) -> dict[str, object]:
    if decision is None:
        return {}
    data = asdict(decision)
    for key in ("article_id", "template", "updated_by", "updated_at"):
        data.pop(key)
    return {k: v for k, v in data.items() if v is not None}


def save_decisions(
    store: Store,
    who: str,
    action: str,
    changes: Sequence[ItemDecision],
    *,
    current: Mapping[str, Mapping[str, object]] | None = None,
) -> None:
    """Write decisions, one audit row each, and refresh the editor examples: one transaction.

    ``current`` may give, per article id, what the item showed before (section, title …) so
    the audit row's ``before`` is what the editor saw, not only the previous decision.
    """
    table = schema.desk_decisions
    now = _now()
    templates = {d.template for d in changes}
    try:
        with store.engine.begin() as conn:
            for change in changes:
                change = replace(change, updated_by=who, updated_at=now)
                row = conn.execute(
                    select(table).where(
                        table.c.template == change.template,
                        table.c.article_id == change.article_id,
                    )
                ).first()
                before = dict((current or {}).get(change.article_id, {}))
                before.update(_state(_decision(row)) if row else {})
                values = {k: v for k, v in asdict(change).items() if k not in ("article_id",)}
                if row is None:
                    conn.execute(table.insert().values(article_id=change.article_id, **values))
                else:
                    conn.execute(table.update().where(table.c.pk == row.pk).values(**values))
                _record(
                    conn,
                    EditorAction(
                        who=who,
                        at=now,
                        action=action,
                        template=change.template,
                        article_id=change.article_id,
                        before=before,
                        after=_state(change),
                    ),
                )
            for template in templates:
                _refresh_examples(conn, template, now)
    except SQLAlchemyError as exc:
        raise _fail("store the editor's decision", exc) from exc


def _refresh_examples(conn: Connection, template: str, now: str) -> None:
    """Rewrite the ``editor`` examples of ``template`` from its decided items."""
    d, a, e = schema.desk_decisions, schema.articles, schema.examples
    conn.execute(e.delete().where(e.c.template == template, e.c.origin == EDITOR_ORIGIN))
    rows = conn.execute(
        select(d, a.c.title.label("article_title"), a.c.text, a.c.url)
        .join(a, a.c.id == d.c.article_id)
        .where(d.c.template == template, or_(d.c.status != "pending", d.c.section.is_not(None)))
        .order_by(d.c.pk)
    )
    for position, row in enumerate(rows):
        if row.status == "rejected":
            section = REJECTED_SECTION
        elif row.section:
            section = row.section  # accepted (into its section) or moved there
        else:
            continue
        conn.execute(
            e.insert().values(
                template=template,
                section=section,
                tag=row.tag,
                title=row.title or row.article_title,
                text=row.text,
                summary=row.summary,
                source_url=row.url,
                origin=EDITOR_ORIGIN,
                position=position,
                created_at=now,
            )
        )


# -- audit ------------------------------------------------------------------------------------


def record(store: Store, action: EditorAction) -> None:
    """Append one action (build, publish, user, source …) to the audit log."""
    try:
        with store.engine.begin() as conn:
            _record(conn, action)
    except SQLAlchemyError as exc:
        raise _fail("write the audit log", exc) from exc


def audit(store: Store, limit: int = 200, *, article_id: str | None = None) -> list[EditorAction]:
    """The latest audit rows, newest first (only those about ``article_id`` when given)."""
    table = schema.audit_log
    query = select(table).order_by(table.c.pk.desc()).limit(limit)
    if article_id is not None:
        query = query.where(table.c.article_id == article_id)
    with store.engine.connect() as conn:
        return [
            EditorAction(
                who=row.who,
                at=row.at,
                action=row.action,
                template=row.template,
                article_id=row.article_id,
                bulletin_id=row.bulletin_pk,
                before=json.loads(row.before_json or "{}"),
                after=json.loads(row.after_json or "{}"),
            )
            for row in conn.execute(query)
        ]


def now() -> str:
    """The store's clock (UTC, seconds), for callers that build EditorAction records."""
    return _now()


__all__ = [
    "EDITOR_ORIGIN",
    "REJECTED_SECTION",
    "ROLES",
    "Role",
    "add_user",
    "audit",
    "check_role",
    "check_user_name",
    "count_users",
    "decisions",
    "get_user",
    "now",
    "record",
    "rehash_password",
    "save_decisions",
    "set_user",
    "users",
]
