from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0007_i18n_languages')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='Payment',
            options={'table': 'payment', 'app': 'models', 'indexes': [Index(fields=['enrollment_id', 'paid_on'])], 'pk_attr': 'id', 'table_description': 'A rent payment (R-PAY-3), over_requested flags R-PAY-4, possible_duplicate R-PAY-5.'},
        ),
        ops.AddField(
            model_name='Payment',
            name='possible_duplicate',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
