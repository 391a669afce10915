"""PostgreSQL only: approved and paid invoices and their lines cannot change, at the database level.

The model guard (`Invoice.save()`, `InvoiceLine.save()`) stops Django code; these triggers also stop
bulk `QuerySet.update()`, raw SQL and the shell, as the access log's trigger does. On an approved
or paid invoice only the workflow's own bookkeeping may change: status approved → paid, the payment
date, `is_credited` (set when a credit note is approved) and `updated_at`. Its lines can be neither
inserted, updated nor deleted, and the invoice cannot be deleted.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION invoicing_invoice_immutable() RETURNS trigger AS $$
DECLARE
    bookkeeping text[] := ARRAY['status', 'paid_on', 'is_credited', 'updated_at'];
BEGIN
    IF OLD.status IN ('approved', 'paid') THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'invoicing_invoice %: an approved invoice cannot be deleted', OLD.id;
        END IF;
        IF (to_jsonb(NEW) - bookkeeping) IS DISTINCT FROM (to_jsonb(OLD) - bookkeeping)
           OR NOT (NEW.status = OLD.status OR (OLD.status = 'approved' AND NEW.status = 'paid'))
           OR (OLD.is_credited AND NOT NEW.is_credited)
           OR (OLD.status = 'paid' AND NEW.paid_on IS DISTINCT FROM OLD.paid_on) THEN
            RAISE EXCEPTION 'invoicing_invoice %: an approved invoice cannot be changed', OLD.id;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER invoicing_invoice_immutable
BEFORE UPDATE OR DELETE ON invoicing_invoice
FOR EACH ROW EXECUTE FUNCTION invoicing_invoice_immutable();

CREATE OR REPLACE FUNCTION invoicing_invoiceline_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
        SELECT 1 FROM invoicing_invoice WHERE id = OLD.invoice_id AND status IN ('approved', 'paid')
    ) THEN
        RAISE EXCEPTION 'invoicing_invoiceline %: the lines of an approved invoice cannot change', OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
        SELECT 1 FROM invoicing_invoice WHERE id = NEW.invoice_id AND status IN ('approved', 'paid')
    ) THEN
        RAISE EXCEPTION 'invoicing_invoiceline: the lines of an approved invoice cannot change';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER invoicing_invoiceline_immutable
BEFORE INSERT OR UPDATE OR DELETE ON invoicing_invoiceline
FOR EACH ROW EXECUTE FUNCTION invoicing_invoiceline_immutable();
"""
DROP = """
DROP TRIGGER IF EXISTS invoicing_invoiceline_immutable ON invoicing_invoiceline;
DROP FUNCTION IF EXISTS invoicing_invoiceline_immutable();
DROP TRIGGER IF EXISTS invoicing_invoice_immutable ON invoicing_invoice;
DROP FUNCTION IF EXISTS invoicing_invoice_immutable();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0002_number_at_approval_vat_category")]

    operations = [migrations.RunPython(forwards, backwards)]
