from django.db import models


class BiomarkerKind(models.TextChoices):
    PROTEIN_EXPRESSION = "protein_expression", "Protein expression"
    GENE_EXPRESSION = "gene_expression", "Gene expression"
    MUTATION = "mutation", "Mutation"
    GENE_SET = "gene_set", "Gene set"
    MICRORNA_EXPRESSION = "microrna_expression", "MicroRNA expression"
    CIRCULATING_DNA = "circulating_dna", "Circulating tumour DNA"
    SIGNATURE = "signature", "Gene-expression signature"
    PROTEOMIC = "proteomic", "Proteomic profile"


class Direction(models.TextChoices):
    UP = "up", "Up-regulated"
    DOWN = "down", "Down-regulated"
