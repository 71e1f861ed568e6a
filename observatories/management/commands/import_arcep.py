from .import_file import Command as ImportFile


class Command(ImportFile):
    help = f"Ancien nom de import_file, gardé pour les habitudes prises. {ImportFile.help}"
