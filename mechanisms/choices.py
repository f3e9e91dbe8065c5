from django.db import models


class MechanismCategory(models.TextChoices):
    ORIGIN = "origin", "Origin of resistance"
    GENETIC = "genetic", "Genetic alteration"
    CELLULAR = "cellular", "Cellular process"
    MICROENVIRONMENT = "microenvironment", "Tumor microenvironment"
    EPIGENETIC = "epigenetic", "Epigenetic change"
    HETEROGENEITY = "heterogeneity", "Heterogeneity"
    IMMUNE = "immune", "Immune evasion"
    SIGNALLING = "signalling", "Signaling pathway"


class StrategyKind(models.TextChoices):
    OVERCOMING = "overcoming", "Overcoming resistance"
    NANOPARTICLE_DELIVERY = "nanoparticle_delivery", "Nanoparticle delivery"


class ModelSystemKind(models.TextChoices):
    IN_VITRO = "in_vitro", "In vitro"
    IN_VIVO = "in_vivo", "In vivo"
    METHOD = "method", "Method of study"
