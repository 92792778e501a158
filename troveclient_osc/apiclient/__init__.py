"""python-troveclient's ``troveclient.apiclient`` import path.

Only its ``exceptions`` module: code that imports
``troveclient.apiclient.exceptions`` imports
``troveclient_osc.apiclient.exceptions`` instead.
"""
