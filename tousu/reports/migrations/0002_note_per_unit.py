# The analysis of an office is not its company's: a report note per unit too (issue 14).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='reportnote',
            name='report_note_unique',
        ),
        migrations.AddField(
            model_name='reportnote',
            name='unit_code',
            field=models.CharField(blank=True, max_length=64, verbose_name='unit'),
        ),
        migrations.AddConstraint(
            model_name='reportnote',
            constraint=models.UniqueConstraint(fields=('policy_name', 'period', 'department_code', 'unit_code'), name='report_note_unique_unit'),
        ),
    ]
