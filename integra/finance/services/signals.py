"""Signals of finance's postings, for the apps above (dashboards keeps its summary rows): finance
sits below them and must not import them, so it announces what it did. Each is sent inside the
atomic block of the service that posts, after the posting, so a receiver's writes commit or roll
back with it.

- `payment_posted(payment, actor)`: a payment's PAYMENT transaction was posted (it is paid).
  The bulk path (`bulk.pay_many`, used only by make_scale_data) sends nothing: its caller
  rebuilds the summaries at its end.
"""

from __future__ import annotations

from django.dispatch import Signal

payment_posted = Signal()
