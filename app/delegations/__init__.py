"""Delegations: the head of delegation's pages (create a delegation, add, edit and cancel members, import a
member list, see who has arrived at the reception desk).

Above registration and check-in. ``operations`` (members, member lists, the head's claim handlers that it
registers with ``app.registration.claims``), ``forms``, ``routes`` (the ``delegations`` blueprint). The
delegation model and the organisers' delegation pages stay in ``app.registration``.
"""
