"""The database guards the ledger (docs/adr/0012-double-entry-ledger.md):

- entries and transactions are append-only: UPDATE and DELETE are refused, except the one
  update that closes an open transaction (closed false → true, nothing else changed);
- an entry is refused on a closed transaction, or in another currency than its account's;
- a transaction balances per currency: on PostgreSQL a DEFERRABLE INITIALLY DEFERRED constraint
  trigger checks it, and that it was closed, when the database transaction commits; on SQLite
  (no deferred triggers) the closing update is refused unless the entries balance, so an
  unbalanced transaction never becomes closed, and balances count closed transactions only.

Every refusal is an integrity error (SQLSTATE 23000 on PostgreSQL, ABORT on SQLite)."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION finance_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'The ledger is append-only: % of % refused; correct by a reversal.',
            TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END $$;
    """,
    """
    CREATE TRIGGER finance_entry_append_only BEFORE UPDATE OR DELETE ON finance_entry
    FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
    """,
    """
    CREATE FUNCTION finance_transaction_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NOT OLD.closed AND NEW.closed
           AND (to_jsonb(NEW) - 'closed') = (to_jsonb(OLD) - 'closed') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'The ledger is append-only: % of % refused; correct by a reversal.',
            TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END $$;
    """,
    """
    CREATE TRIGGER finance_transaction_append_only BEFORE UPDATE OR DELETE
    ON finance_transaction FOR EACH ROW EXECUTE FUNCTION finance_transaction_guard();
    """,
    """
    CREATE FUNCTION finance_entry_admissible() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (SELECT closed FROM finance_transaction WHERE id = NEW.transaction_id) THEN
            RAISE EXCEPTION 'Transaction % is closed: no entry may be added.',
                NEW.transaction_id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.currency <> (SELECT currency FROM finance_account WHERE id = NEW.account_id) THEN
            RAISE EXCEPTION 'An entry in % on an account kept in another currency.',
                NEW.currency USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER finance_entry_admissible BEFORE INSERT ON finance_entry
    FOR EACH ROW EXECUTE FUNCTION finance_entry_admissible();
    """,
    """
    CREATE FUNCTION finance_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        tx bigint;
        unbalanced text;
    BEGIN
        IF TG_TABLE_NAME = 'finance_entry' THEN
            tx := NEW.transaction_id;
        ELSE
            tx := NEW.id;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM finance_entry WHERE transaction_id = tx) THEN
            RAISE EXCEPTION 'Transaction % has no entries.', tx
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NOT (SELECT closed FROM finance_transaction WHERE id = tx) THEN
            RAISE EXCEPTION 'Transaction % was not closed.', tx
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        SELECT string_agg(currency || ' ' || total::text, ', ') INTO unbalanced FROM (
            SELECT currency, SUM(amount) AS total FROM finance_entry
            WHERE transaction_id = tx GROUP BY currency HAVING SUM(amount) <> 0
        ) AS sums;
        IF unbalanced IS NOT NULL THEN
            RAISE EXCEPTION 'Transaction % does not balance: %.', tx, unbalanced
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
    END $$;
    """,
    """
    CREATE CONSTRAINT TRIGGER finance_entry_balanced AFTER INSERT ON finance_entry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION finance_check_balanced();
    """,
    """
    CREATE CONSTRAINT TRIGGER finance_transaction_balanced AFTER INSERT ON finance_transaction
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION finance_check_balanced();
    """,
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER finance_transaction_balanced ON finance_transaction",
    "DROP TRIGGER finance_entry_balanced ON finance_entry",
    "DROP FUNCTION finance_check_balanced()",
    "DROP TRIGGER finance_entry_admissible ON finance_entry",
    "DROP FUNCTION finance_entry_admissible()",
    "DROP TRIGGER finance_transaction_append_only ON finance_transaction",
    "DROP FUNCTION finance_transaction_guard()",
    "DROP TRIGGER finance_entry_append_only ON finance_entry",
    "DROP FUNCTION finance_refuse_change()",
]

# Amounts are compared in whole grosze/cents: SQLite keeps decimals as floating point, and a
# sum of floats may miss zero by a rounding error; ROUND(amount * 100) of each row is exact.
_UNBALANCED = """
    SELECT 1 FROM finance_entry WHERE transaction_id = NEW.id GROUP BY currency
    HAVING SUM(CAST(ROUND(amount * 100) AS INTEGER)) <> 0
"""
_SAME_ROW = " AND ".join(
    f"NEW.{column} IS OLD.{column}"
    for column in (
        "id",
        "programme_id",
        "movement",
        "value_date",
        "document",
        "description",
        "key",
        "reverses_id",
        "created_by_id",
        "created_by_label",
        "created_at",
    )
)

SQLITE = [
    """
    CREATE TRIGGER finance_entry_no_update BEFORE UPDATE ON finance_entry
    BEGIN SELECT RAISE(ABORT, 'The ledger is append-only: UPDATE of finance_entry refused'); END
    """,
    """
    CREATE TRIGGER finance_entry_no_delete BEFORE DELETE ON finance_entry
    WHEN NOT integra_ledger_unlocked()
    BEGIN SELECT RAISE(ABORT, 'The ledger is append-only: DELETE of finance_entry refused'); END
    """,
    """
    CREATE TRIGGER finance_transaction_no_delete BEFORE DELETE ON finance_transaction
    WHEN NOT integra_ledger_unlocked()
    BEGIN
        SELECT RAISE(ABORT, 'The ledger is append-only: DELETE of finance_transaction refused');
    END
    """,
    f"""
    CREATE TRIGGER finance_transaction_only_closing BEFORE UPDATE ON finance_transaction
    WHEN NOT (OLD.closed = 0 AND NEW.closed = 1 AND {_SAME_ROW})
    BEGIN
        SELECT RAISE(ABORT, 'The ledger is append-only: UPDATE of finance_transaction refused');
    END
    """,
    f"""
    CREATE TRIGGER finance_transaction_close_balanced BEFORE UPDATE OF closed
    ON finance_transaction
    WHEN NEW.closed = 1 AND (
        NOT EXISTS (SELECT 1 FROM finance_entry WHERE transaction_id = NEW.id)
        OR EXISTS ({_UNBALANCED})
    )
    BEGIN SELECT RAISE(ABORT, 'The transaction does not balance: it cannot be closed'); END
    """,
    """
    CREATE TRIGGER finance_entry_admissible BEFORE INSERT ON finance_entry
    WHEN (SELECT closed FROM finance_transaction WHERE id = NEW.transaction_id) = 1
      OR NEW.currency <> (SELECT currency FROM finance_account WHERE id = NEW.account_id)
    BEGIN
        SELECT RAISE(ABORT, 'An entry on a closed transaction or in another currency refused');
    END
    """,
]

SQLITE_REVERSE = [
    f"DROP TRIGGER {name}"
    for name in (
        "finance_entry_admissible",
        "finance_transaction_close_balanced",
        "finance_transaction_only_closing",
        "finance_transaction_no_delete",
        "finance_entry_no_delete",
        "finance_entry_no_update",
    )
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_ledger")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
