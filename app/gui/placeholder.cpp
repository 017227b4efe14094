namespace Slipway { int guiPlaceholder() { return 0; } }
