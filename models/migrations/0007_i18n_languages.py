from tortoise import migrations
from tortoise.migrations import operations as ops
from models.rules.enums import Language
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_api_fields')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Customer',
            name='preferred_language',
            field=fields.CharEnumField(default=Language.EN, description='EN: en\nES: es\nVI: vi\nRU: ru\nZH: zh', db_default='en', enum_type=Language, max_length=8),
        ),
        ops.AddField(
            model_name='Notification',
            name='language',
            field=fields.CharField(default='en', db_default='en', max_length=16),
        ),
    ]
