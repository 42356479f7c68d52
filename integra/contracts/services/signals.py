"""Signals of the contracts' money, for the apps above (finance posts the commitments of the
ledger, monitoring keeps its summaries): contracts sits below them and must not import them, so
it announces what it did.
Each is sent inside the atomic block of the service that writes the change, after the write, so
a receiver's postings commit or roll back with it (and a receiver's refusal undoes the change).

- `contract_signed(contract, actor)`: a contract was signed (its services' split written).
- `annex_signed(contract, amendment, actor)`: an annex changed the contract's terms.
- `contract_terminated(contract, actor)`: the contract was terminated; its money is free.
- `report_accepted(report, actor)`: the gmina accepted a provider report (its people reached
  and costs now count); monitoring keeps its summary rows with it.
"""

from __future__ import annotations

from django.dispatch import Signal

contract_signed = Signal()
annex_signed = Signal()
contract_terminated = Signal()
report_accepted = Signal()
