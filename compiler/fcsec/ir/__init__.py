"""The typed IR: frozen attrs classes describing security intent, free of file syntax."""
