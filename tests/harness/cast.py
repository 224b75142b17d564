"""The people and places most end-to-end tests need: a region and a municipality, each its own
Microsoft 365 tenant, as a KI always spans both."""

from __future__ import annotations

from .model import Directory

REGION = "Region Hovedstaden"
KOMMUNE = "Københavns Kommune"


def standard_directory() -> Directory:
    """anne (fagperson) and bo (coordinator) in the region; carla (coordinator) and dina
    (fagperson, English Teams client) in the municipality; erik shares a team with the bot but
    never wrote to it; finn shares nothing with it. Teams 'PC Amager' (region, channel
    'KI-koordinering') and 'Misbrugscenter Nord' (kommune); a group chat 'KI-sparring' in the
    region. The app is installed nowhere until a test installs it (``world.install_in_team``)."""
    directory = Directory()
    region = directory.tenant(REGION, "regionh.dk")
    kommune = directory.tenant(KOMMUNE, "kk.dk")
    anne = directory.add_user("anne", "Anne Andersen", region)
    bo = directory.add_user("bo", "Bo Bertelsen", region)
    erik = directory.add_user("erik", "Erik Eriksen", region)
    directory.add_user("finn", "Finn Friis", region)
    carla = directory.add_user("carla", "Carla Christensen", kommune)
    dina = directory.add_user("dina", "Dina Dahl", kommune, locale="en-US")
    directory.add_team("PC Amager", region, [anne, bo, erik], channels=("KI-koordinering",))
    directory.add_team("Misbrugscenter Nord", kommune, [carla, dina])
    directory.add_group("KI-sparring", [anne, bo])
    return directory
