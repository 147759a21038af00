# Organisations, units and positions (issue "Organisations and the people in them").
#
# An installation that had one flat organisation keeps it: its departments become the
# units of one organisation ("default", under a root unit) and each staff member's one
# role in one department becomes their one position there.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

UNIT_KINDS = [
    ("organisation", "Organisation"),
    ("office", "Office"),
    ("section", "Section"),
    ("customer_service", "Customer service"),
    ("quality", "Quality department"),
    ("inspection", "Inspection institute"),
    ("enforcement", "Enforcement brigade"),
    ("supervision", "Supervision body"),
    ("management_office", "Management office"),
    ("operations", "Operations department"),
    ("sales", "Sales"),
    ("management", "Management"),
    ("other", "Other"),
]
ROLES = [
    ("receptionist", "Receptionist"),
    ("handler", "Handler"),
    ("department_head", "Department head"),
    ("complaint_manager", "Complaint manager"),
    ("executive", "Executive"),
    ("administrator", "Administrator"),
    ("auditor", "Auditor"),
]


def into_one_organisation(apps, schema_editor):
    Organisation = apps.get_model("org", "Organisation")
    Unit = apps.get_model("org", "Unit")
    Staff = apps.get_model("org", "Staff")
    Position = apps.get_model("org", "Position")
    if Unit.objects.exists():
        organisation = Organisation.objects.create(code="default", name="本机构", kind="other")
        root = Unit.objects.create(organisation=organisation, code="default", name="本机构", kind="organisation")
        Unit.objects.exclude(pk=root.pk).update(organisation=organisation)
        Unit.objects.exclude(pk=root.pk).filter(parent__isnull=True).update(parent=root)
    for staff in Staff.objects.all():
        Position.objects.create(user_id=staff.user_id, role=staff.role, unit_id=staff.department_id)


class Migration(migrations.Migration):
    # Every migration that names the model as "org.department" comes first.
    dependencies = [
        ("org", "0003_auditor_role"),
        ("cases", "0003_event_hash"),
        ("improve", "0004_surveys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Department", "Unit"),
        migrations.AlterModelOptions(
            name="unit",
            options={"ordering": ["organisation_id", "code"], "verbose_name": "unit", "verbose_name_plural": "units"},
        ),
        migrations.CreateModel(
            name="Organisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=64, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("property_company", "Property-management company"),
                            ("rental_company", "Rental housing company"),
                            ("manufacturer", "Manufacturer"),
                            ("regulator", "Regulator"),
                            ("inspection_body", "Inspection and testing institute"),
                            ("other", "Other"),
                        ],
                        default="other",
                        max_length=32,
                        verbose_name="kind",
                    ),
                ),
            ],
            options={"verbose_name": "organisation", "verbose_name_plural": "organisations", "ordering": ["code"]},
        ),
        migrations.AddField(
            model_name="unit",
            name="organisation",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="units", to="org.organisation"
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="function",
            field=models.SlugField(blank=True, max_length=64, verbose_name="function in the procedure"),
        ),
        migrations.AddField(
            model_name="unit",
            name="aliases",
            field=models.CharField(blank=True, max_length=200, verbose_name="other names"),
        ),
        migrations.AlterField(
            model_name="unit",
            name="kind",
            field=models.CharField(choices=UNIT_KINDS, default="other", max_length=32, verbose_name="kind"),
        ),
        migrations.RemoveField(model_name="unit", name="head"),
        migrations.CreateModel(
            name="Position",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("role", models.CharField(choices=ROLES, max_length=32, verbose_name="role")),
                ("title", models.CharField(blank=True, max_length=100, verbose_name="job title")),
                ("duties", models.CharField(blank=True, max_length=200, verbose_name="duties")),
                ("area", models.CharField(blank=True, max_length=500, verbose_name="area")),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="positions",
                        to="org.unit",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="positions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "position", "verbose_name_plural": "positions", "ordering": ["user_id", "id"]},
        ),
        migrations.AddIndex(
            model_name="position", index=models.Index(fields=["unit", "role"], name="position_unit_role")
        ),
        migrations.CreateModel(
            name="Deputy",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("starts_at", models.DateTimeField(verbose_name="from")),
                ("ends_at", models.DateTimeField(verbose_name="until")),
                ("reason", models.CharField(blank=True, max_length=200, verbose_name="reason")),
                (
                    "for_user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deputies",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deputising",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "acting for a colleague", "verbose_name_plural": "acting for colleagues"},
        ),
        migrations.AddIndex(
            model_name="deputy", index=models.Index(fields=["user", "ends_at"], name="deputy_user_ends")
        ),
        migrations.AddConstraint(
            model_name="deputy",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_at__gt", models.F("starts_at"))), name="deputy_period"
            ),
        ),
        migrations.AddConstraint(
            model_name="deputy",
            constraint=models.CheckConstraint(
                condition=models.Q(("user", models.F("for_user")), _negated=True), name="deputy_not_self"
            ),
        ),
        migrations.AddField(
            model_name="staff",
            name="aliases",
            field=models.CharField(blank=True, max_length=200, verbose_name="other names"),
        ),
        migrations.RunPython(into_one_organisation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="unit",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="units", to="org.organisation"
            ),
        ),
        migrations.RemoveField(model_name="staff", name="role"),
        migrations.RemoveField(model_name="staff", name="department"),
    ]
