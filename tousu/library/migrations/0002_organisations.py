# The case library belongs to organisations (issue 14): a write-up to that of its case
# (or its author's), a template or guide to that of its policy.

import django.db.models.deletion
from django.db import migrations, models


def derive_organisations(apps, schema_editor):
    Organisation = apps.get_model("org", "Organisation")
    Position = apps.get_model("org", "Position")
    Policy = apps.get_model("policies", "Policy")
    only = list(Organisation.objects.values_list("pk", flat=True)[:2])
    fallback = only[0] if len(only) == 1 else None
    for w in apps.get_model("library", "WriteUp").objects.select_related("source"):
        found = w.source.organisation_id if w.source is not None else None
        if found is None:
            held = Position.objects.filter(user_id=w.author_id, unit__isnull=False).order_by("pk")
            found = held.values_list("unit__organisation_id", flat=True).first() or fallback
        w.organisation_id = found
        w.save(update_fields=["organisation"])
    policies = dict(Policy.objects.values_list("name", "organisation_id"))
    for model in ("ReplyTemplate", "HandlingGuide"):
        for row in apps.get_model("library", model).objects.exclude(policy_name=""):
            row.organisation_id = policies.get(row.policy_name)
            row.save(update_fields=["organisation"])


class Migration(migrations.Migration):

    dependencies = [
        ('library', '0001_initial'),
        ('org', '0004_organisations_and_positions'),
        ('cases', '0004_organisations_handoffs'),
        ('policies', '0002_policy_organisation'),
    ]

    operations = [
        migrations.AddField(
            model_name='handlingguide',
            name='organisation',
            field=models.ForeignKey(blank=True, help_text="Empty: the policy's organisation, or every organisation when no policy is named.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='replytemplate',
            name='organisation',
            field=models.ForeignKey(blank=True, help_text="Empty: the policy's organisation, or every organisation when no policy is named.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='writeup',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.organisation', verbose_name='organisation'),
        ),
        migrations.RunPython(derive_organisations, migrations.RunPython.noop),
    ]
