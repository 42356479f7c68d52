"""The constraints behind 0003: usernames unique in any case, and none containing "@"."""

from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_identifiers_unique_in_any_case"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                Lower("username"), name="accounts_user_unique_username_ci"
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=~Q(username__contains="@"), name="accounts_user_username_without_at"
            ),
        ),
    ]
