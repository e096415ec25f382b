from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_rules_payment_possible_duplicate')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginThrottle',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('failures', fields.IntField(default=0)),
                ('rounds', fields.IntField(default=0)),
                ('delayed_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_throttle', 'app': 'models', 'pk_attr': 'key', 'table_description': 'Failed sign-ins of one e-mail address from one client address (issue 10 §4).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Staff',
            name='token_version',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.RemoveField(model_name='Staff', name='failed_logins'),
        ops.RemoveField(model_name='Staff', name='locked_until'),
    ]
