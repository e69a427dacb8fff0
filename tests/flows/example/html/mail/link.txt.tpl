Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Ouvrez ce lien pour débloquer votre compte : {{LINK}}

{{ORGANISATION}}
