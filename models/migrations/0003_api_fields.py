from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from models.rules.customers import search_name


async def refold_search_names(apps, schema_editor):
    """Issue 11 §6: the search key now drops apostrophes and splits hyphens; fold every
    stored name again with the same function customers are saved with."""
    client = schema_editor.client
    rows = await client.execute_query_dict(
        "SELECT id, legal_first_name, legal_last_name, preferred_name FROM customer"
    )
    placeholder = "$1" if client.capabilities.dialect == "postgres" else "?"
    other = "$2" if placeholder == "$1" else "?"
    for row in rows:
        key = search_name(row["legal_first_name"], row["legal_last_name"], row["preferred_name"])
        await client.execute_query(
            f"UPDATE customer SET search_name = {placeholder} WHERE id = {other}", [key, row["id"]]
        )

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='CaseNote',
            name='modified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='CaseNote',
            name='modified_by',
            field=fields.ForeignKeyField('models.Staff', source_field='modified_by_id', null=True, db_constraint=True, to_field='id', related_name='case_notes_modified', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Document',
            name='modified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Document',
            name='modified_by',
            field=fields.ForeignKeyField('models.Staff', source_field='modified_by_id', null=True, db_constraint=True, to_field='id', related_name='documents_modified', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='HousingStatusEntry',
            name='modified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='HousingStatusEntry',
            name='modified_by',
            field=fields.ForeignKeyField('models.Staff', source_field='modified_by_id', null=True, db_constraint=True, to_field='id', related_name='housing_statuses_modified', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Outcome',
            name='created_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=True),
        ),
        ops.AddField(
            model_name='Outcome',
            name='modified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Outcome',
            name='modified_by',
            field=fields.ForeignKeyField('models.Staff', source_field='modified_by_id', null=True, db_constraint=True, to_field='id', related_name='outcomes_modified', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Payment',
            name='modified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Payment',
            name='modified_by',
            field=fields.ForeignKeyField('models.Staff', source_field='modified_by_id', null=True, db_constraint=True, to_field='id', related_name='payments_modified', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='PaymentPlan',
            name='modified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='PaymentPlan',
            name='modified_by',
            field=fields.ForeignKeyField('models.Staff', source_field='modified_by_id', null=True, db_constraint=True, to_field='id', related_name='plans_modified', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Service',
            name='location',
            field=fields.CharField(null=True, max_length=200),
        ),
        ops.AddField(
            model_name='Service',
            name='modified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Service',
            name='modified_by',
            field=fields.ForeignKeyField('models.Staff', source_field='modified_by_id', null=True, db_constraint=True, to_field='id', related_name='services_modified', on_delete=OnDelete.RESTRICT),
        ),
        ops.RunPython(refold_search_names, ops.RunPython.noop),
    ]
