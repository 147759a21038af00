# Improvement objects belong to an organisation (issue 14): derived for the rows from
# before organisations from the department, the linked case, or the positions of the
# person who made them; on an installation with one organisation, that one.

import django.db.models.deletion
from django.db import migrations, models


def derive_organisations(apps, schema_editor):
    Organisation = apps.get_model("org", "Organisation")
    Position = apps.get_model("org", "Position")
    only = list(Organisation.objects.values_list("pk", flat=True)[:2])
    fallback = only[0] if len(only) == 1 else None

    def of_user(user_id):
        found = Position.objects.filter(user_id=user_id, unit__isnull=False).values_list("unit__organisation_id", flat=True)
        return found.order_by("pk").first() or fallback

    def of_case(case):
        return case.organisation_id if case is not None else None

    for action in apps.get_model("improve", "CorrectiveAction").objects.select_related("department"):
        action.organisation_id = action.department.organisation_id
        action.save(update_fields=["organisation"])
    for proposal in apps.get_model("improve", "Proposal").objects.all():
        case = proposal.cases.exclude(organisation__isnull=True).first()
        proposal.organisation_id = of_case(case) or of_user(proposal.owner_id)
        proposal.save(update_fields=["organisation"])
    for request in apps.get_model("improve", "ServiceRequest").objects.select_related("complaint"):
        request.organisation_id = of_case(request.complaint) or of_user(request.owner_id)
        request.save(update_fields=["organisation"])
    for survey in apps.get_model("improve", "Survey").objects.all():
        survey.organisation_id = of_user(survey.created_by_id)
        survey.save(update_fields=["organisation"])
    for feedback in apps.get_model("improve", "Feedback").objects.all():
        feedback.organisation_id = of_user(feedback.recorded_by_id)
        feedback.save(update_fields=["organisation"])
    Complaint = apps.get_model("cases", "Complaint")
    Action = apps.get_model("improve", "CorrectiveAction")
    Proposal = apps.get_model("improve", "Proposal")
    for review in apps.get_model("improve", "Review").objects.all():
        review.organisation_id = of_user(review.chair_id)
        # P5.6: the agenda lists only the reviewing organisation's cases and objects.
        agenda = dict(review.agenda or {})
        own = review.organisation_id
        numbers = [c["number"] for c in agenda.get("major_cases", [])]
        kept = set(Complaint.objects.filter(number__in=numbers, organisation_id=own).values_list("number", flat=True))
        agenda["major_cases"] = [c for c in agenda.get("major_cases", []) if c["number"] in kept]
        for key, model in (("open_proposals", Proposal), ("open_corrective_actions", Action)):
            ids = [item["id"] for item in agenda.get(key, [])]
            kept = set(model.objects.filter(pk__in=ids, organisation_id=own).values_list("pk", flat=True))
            agenda[key] = [item for item in agenda.get(key, []) if item["id"] in kept]
        review.agenda = agenda
        review.save(update_fields=["organisation", "agenda"])


class Migration(migrations.Migration):

    dependencies = [
        ('improve', '0004_surveys'),
        ('org', '0004_organisations_and_positions'),
        ('cases', '0004_organisations_handoffs'),
    ]

    operations = [
        migrations.AddField(
            model_name='correctiveaction',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='feedback',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='review',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='servicerequest',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='survey',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.organisation', verbose_name='organisation'),
        ),
        migrations.RunPython(derive_organisations, migrations.RunPython.noop),
    ]
