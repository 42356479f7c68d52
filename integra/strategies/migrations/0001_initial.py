"""The models of `strategies`, moved here from the `plans` app with their tables (docs/adr/0008).

The state is the usual one; the database gets each table only where it does not exist yet: a
fresh database gets them all, a database migrated before the split keeps the `plans_*` tables
and their rows as they are. Unapplying drops the tables, as any initial migration would.
"""

import django.db.models.deletion
import integra.strategies.models
from django.db import migrations, models


def create_missing_tables(apps, schema_editor):
    existing = set(schema_editor.connection.introspection.table_names())
    for model in apps.get_app_config("strategies").get_models():
        if model._meta.db_table not in existing:
            schema_editor.create_model(model)


def drop_tables(apps, schema_editor):
    for model in apps.get_app_config("strategies").get_models():
        schema_editor.delete_model(model)



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0001_initial'),
        ('territories', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Strategy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('period_from', models.DateField(verbose_name='period from')),
                        ('period_until', models.DateField(verbose_name='period until')),
                        ('status', models.CharField(choices=[('in_preparation', 'in preparation'), ('consultation', 'in consultation'), ('adopted', 'adopted'), ('updated', 'updated')], default='in_preparation', max_length=16, verbose_name='status')),
                        ('resolution_number', models.CharField(blank=True, max_length=64, verbose_name='council resolution number')),
                        ('resolution_on', models.DateField(blank=True, null=True, verbose_name='council resolution date')),
                        ('document', models.FileField(blank=True, upload_to=integra.strategies.models.strategy_path, verbose_name='strategy document')),
                        ('team_ordinance_number', models.CharField(blank=True, max_length=64, verbose_name='ordinance appointing the working team')),
                        ('team_ordinance_on', models.DateField(blank=True, null=True, verbose_name='ordinance date')),
                        ('lock_version', models.PositiveIntegerField(default=1, verbose_name='edit version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('gmina', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='strategies', to='territories.territory', verbose_name='gmina')),
                    ],
                    options={
                        'verbose_name': 'strategy',
                        'verbose_name_plural': 'strategies',
                        'db_table': 'plans_strategy',
                        'ordering': ['gmina__teryt', '-period_from'],
                    },
                ),
                migrations.CreateModel(
                    name='ParticipationEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('team_meeting', 'working team meeting'), ('village_meeting', 'village meeting'), ('survey', 'survey'), ('workshop', 'workshop'), ('consultant_meeting', 'meeting with the consultant')], max_length=20, verbose_name='kind')),
                        ('held_on', models.DateField(verbose_name='date')),
                        ('place', models.CharField(max_length=200, verbose_name='place')),
                        ('participants', models.PositiveIntegerField(verbose_name='participants')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('strategy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='strategies.strategy', verbose_name='strategy')),
                    ],
                    options={
                        'verbose_name': 'participation event',
                        'verbose_name_plural': 'participation events',
                        'db_table': 'plans_participationevent',
                        'ordering': ['strategy', 'held_on', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Goal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('strategic', 'strategic goal'), ('operational', 'operational goal')], max_length=12, verbose_name='kind')),
                        ('code', models.CharField(max_length=16, verbose_name='number')),
                        ('title', models.CharField(max_length=400, verbose_name='goal')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='strategies.goal', verbose_name='strategic goal')),
                        ('strategy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='goals', to='strategies.strategy', verbose_name='strategy')),
                    ],
                    options={
                        'verbose_name': 'goal',
                        'verbose_name_plural': 'goals',
                        'db_table': 'plans_goal',
                        'ordering': ['strategy', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='DiagnosisEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('problem', models.TextField(verbose_name='problem')),
                        ('figure', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='figure')),
                        ('figure_unit', models.CharField(blank=True, max_length=100, verbose_name='unit of the figure')),
                        ('source', models.CharField(blank=True, max_length=300, verbose_name='source')),
                        ('target_group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.targetgroup', verbose_name='target group')),
                        ('strategy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='diagnosis', to='strategies.strategy', verbose_name='strategy')),
                    ],
                    options={
                        'verbose_name': 'diagnosis entry',
                        'verbose_name_plural': 'diagnosis entries',
                        'db_table': 'plans_diagnosisentry',
                        'ordering': ['strategy', 'target_group__position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='TeamMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('institution', models.CharField(blank=True, max_length=300, verbose_name='institution')),
                        ('team_role', models.CharField(blank=True, max_length=100, verbose_name='role in the team')),
                        ('strategy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team', to='strategies.strategy', verbose_name='strategy')),
                    ],
                    options={
                        'verbose_name': 'working team member',
                        'verbose_name_plural': 'working team members',
                        'db_table': 'plans_teammember',
                        'ordering': ['strategy', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='strategy',
                    constraint=models.CheckConstraint(condition=models.Q(('period_until__gt', models.F('period_from'))), name='plans_strategy_period_positive'),
                ),
                migrations.AddConstraint(
                    model_name='strategy',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['adopted', 'updated']), _negated=True), models.Q(('resolution_on__isnull', False), models.Q(('resolution_number', ''), _negated=True)), _connector='OR'), name='plans_strategy_adopted_has_resolution'),
                ),
                migrations.AddConstraint(
                    model_name='goal',
                    constraint=models.UniqueConstraint(fields=('strategy', 'code'), name='plans_goal_code_unique'),
                ),
                migrations.AddConstraint(
                    model_name='goal',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'strategic'), ('parent__isnull', True)), models.Q(('kind', 'operational'), ('parent__isnull', False)), _connector='OR'), name='plans_goal_operational_has_parent'),
                ),
            ],
        ),
        migrations.RunPython(create_missing_tables, drop_tables),
    ]
