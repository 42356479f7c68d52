"""The models of `action_plans`, moved here from the `plans` app with their tables (docs/adr/0008).

The state is the usual one; the database gets each table only where it does not exist yet: a
fresh database gets them all, a database migrated before the split keeps the `plans_*` tables
and their rows as they are. Unapplying drops the tables, as any initial migration would.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


def create_missing_tables(apps, schema_editor):
    existing = set(schema_editor.connection.introspection.table_names())
    for model in apps.get_app_config("action_plans").get_models():
        if model._meta.db_table not in existing:
            schema_editor.create_model(model)


def drop_tables(apps, schema_editor):
    for model in apps.get_app_config("action_plans").get_models():
        schema_editor.delete_model(model)



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0001_initial'),
        ('programmes', '0003_programme_settings_and_agreements'),
        ('strategies', '0001_initial'),
        ('territories', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ActionPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('gmina', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='action_plans', to='territories.territory', verbose_name='gmina')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='action_plans', to='programmes.programme', verbose_name='programme')),
                    ],
                    options={
                        'verbose_name': 'action plan',
                        'verbose_name_plural': 'action plans',
                        'db_table': 'plans_actionplan',
                        'ordering': ['programme', 'gmina__teryt', 'year'],
                    },
                ),
                migrations.CreateModel(
                    name='PlanVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='version')),
                        ('as_of', models.DateField(verbose_name='as of')),
                        ('status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('returned', 'returned for corrections'), ('approved', 'approved'), ('superseded', 'superseded')], default='draft', max_length=12, verbose_name='status')),
                        ('gmina_address', models.TextField(blank=True, verbose_name='gmina address')),
                        ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='contact person for the region')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                        ('contact_phone', models.CharField(blank=True, max_length=40, verbose_name='contact phone')),
                        ('diagnosis_summary', models.TextField(blank=True, verbose_name='diagnosis summary')),
                        ('continuity', models.TextField(blank=True, verbose_name='continuity of the services')),
                        ('consultation', models.TextField(blank=True, verbose_name='consultation')),
                        ('rate_pln_per_eur', models.DecimalField(blank=True, decimal_places=4, max_digits=10, null=True, verbose_name='EUR rate (PLN)')),
                        ('rate_table_no', models.CharField(blank=True, max_length=32, verbose_name='rate table')),
                        ('rate_table_on', models.DateField(blank=True, null=True, verbose_name='rate table date')),
                        ('rate_source', models.CharField(blank=True, max_length=32, verbose_name='rate source')),
                        ('public_key', models.UUIDField(blank=True, null=True, unique=True, verbose_name='public consultation key')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved at')),
                        ('approval_letter_number', models.CharField(blank=True, max_length=64, verbose_name='approval letter number')),
                        ('approval_letter_on', models.DateField(blank=True, null=True, verbose_name='approval letter date')),
                        ('lock_version', models.PositiveIntegerField(default=1, verbose_name='edit version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='action_plans.actionplan', verbose_name='plan')),
                        ('strategy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plan_versions', to='strategies.strategy', verbose_name='strategy')),
                    ],
                    options={
                        'verbose_name': 'action plan version',
                        'verbose_name_plural': 'action plan versions',
                        'db_table': 'plans_planversion',
                        'ordering': ['plan', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='PlannedService',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.UUIDField(default=uuid.uuid4, verbose_name='key')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                        ('for_disabled', models.BooleanField(default=False, verbose_name='for disabled people')),
                        ('title', models.CharField(max_length=300, verbose_name='service')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('villages', models.TextField(blank=True, verbose_name='villages')),
                        ('quarters', models.JSONField(default=list, help_text='e.g. 2007-Q1', verbose_name='quarters')),
                        ('planned_beneficiaries', models.PositiveIntegerField(verbose_name='planned beneficiaries')),
                        ('planned_cost_pln', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='planned cost (PLN)')),
                        ('provider_kind', models.CharField(choices=[('ngo', 'non-governmental organisation'), ('informal_group', 'informal group'), ('public_unit', "gmina's own unit"), ('natural_person', 'natural person'), ('firm', 'firm')], max_length=16, verbose_name='provider type')),
                        ('non_duplication_declared', models.BooleanField(default=False, verbose_name='does not duplicate services paid from public funds')),
                        ('non_duplication_justification', models.TextField(blank=True, verbose_name='justification')),
                        ('goal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='strategies.goal', verbose_name='strategy goal')),
                        ('groups', models.ManyToManyField(related_name='+', to='catalog.targetgroup', verbose_name='target groups')),
                        ('service_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.servicetype', verbose_name='service type')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='services', to='action_plans.planversion', verbose_name='version')),
                    ],
                    options={
                        'verbose_name': 'planned service',
                        'verbose_name_plural': 'planned services',
                        'db_table': 'plans_plannedservice',
                        'ordering': ['version', 'position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PublicComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('author_name', models.CharField(blank=True, max_length=200, verbose_name='name (optional)')),
                        ('text', models.TextField(verbose_name='comment')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='public_comments', to='action_plans.planversion', verbose_name='version')),
                    ],
                    options={
                        'verbose_name': 'public comment',
                        'verbose_name_plural': 'public comments',
                        'db_table': 'plans_publiccomment',
                        'ordering': ['version', 'created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ReviewComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('opinion', "consultant's opinion"), ('return', 'comment on return'), ('note', 'note')], max_length=10, verbose_name='kind')),
                        ('section', models.CharField(choices=[('general', 'whole plan'), ('contact', 'gmina address and contact person'), ('goals', 'strategy goals'), ('diagnosis', 'diagnosis'), ('services', 'planned services'), ('training', 'training and expert support'), ('budget', 'budget'), ('continuity', 'continuity'), ('consultation', 'consultation')], default='general', max_length=16, verbose_name='section')),
                        ('recommendation', models.CharField(blank=True, choices=[('approve', 'recommends approval'), ('return', 'recommends return')], max_length=8, verbose_name='recommendation')),
                        ('text', models.TextField(verbose_name='comment')),
                        ('author_label', models.CharField(max_length=150, verbose_name='author (label)')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='action_plans.planversion', verbose_name='version')),
                    ],
                    options={
                        'verbose_name': 'review comment',
                        'verbose_name_plural': 'review comments',
                        'db_table': 'plans_reviewcomment',
                        'ordering': ['version', 'created_at', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='actionplan',
                    constraint=models.UniqueConstraint(fields=('programme', 'gmina', 'year'), name='plans_actionplan_once_per_year'),
                ),
                migrations.AddConstraint(
                    model_name='planversion',
                    constraint=models.UniqueConstraint(fields=('plan', 'number'), name='plans_planversion_number'),
                ),
                migrations.AddConstraint(
                    model_name='planversion',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'approved')), fields=('plan',), name='plans_planversion_one_approved_per_plan'),
                ),
                migrations.AddConstraint(
                    model_name='planversion',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'returned'])), fields=('plan',), name='plans_planversion_one_open_per_plan'),
                ),
                migrations.AddConstraint(
                    model_name='planversion',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['approved', 'superseded']), _negated=True), models.Q(('approval_letter_on__isnull', False), ('approved_at__isnull', False), models.Q(('approval_letter_number', ''), _negated=True)), _connector='OR'), name='plans_planversion_approved_has_letter'),
                ),
                migrations.AddConstraint(
                    model_name='plannedservice',
                    constraint=models.UniqueConstraint(fields=('version', 'key'), name='plans_plannedservice_key'),
                ),
                migrations.AddConstraint(
                    model_name='plannedservice',
                    constraint=models.CheckConstraint(condition=models.Q(('planned_cost_pln__gte', 0)), name='plans_plannedservice_cost_not_negative'),
                ),
            ],
        ),
        migrations.RunPython(create_missing_tables, drop_tables),
    ]
